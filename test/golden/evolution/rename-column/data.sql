INSERT INTO evo.items (id, name, old_code) VALUES (1, 'one', 'X-1'), (2, 'two', NULL);
