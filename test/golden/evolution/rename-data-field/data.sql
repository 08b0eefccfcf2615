INSERT INTO evo.instances (id, key, flow_version, current_state) VALUES ('00000000-0000-4000-8000-000000000001', 'k1', '1.0.0', 'open');
INSERT INTO evo.instance_data (instance_id, version, data) VALUES ('00000000-0000-4000-8000-000000000001', 1, '{"mail": "a@b.c", "other": 1}');
