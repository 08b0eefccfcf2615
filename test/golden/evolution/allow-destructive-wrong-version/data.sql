INSERT INTO evo.items (id, name, legacy) VALUES (1, 'one', 'x'), (2, 'two', NULL);
