INSERT INTO evo.instances (id, key, flow_version, current_state) VALUES ('00000000-0000-4000-8000-000000000001', 'k1', '1.0.0', 'open');
INSERT INTO evo.items (id, name, kind, instance_id) VALUES (1, 'one', 'b', '00000000-0000-4000-8000-000000000001');
INSERT INTO evo.parts VALUES (7, 1);
