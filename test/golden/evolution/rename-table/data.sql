INSERT INTO evo.items (id, name) VALUES (1, 'one'), (2, 'two');
