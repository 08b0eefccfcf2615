INSERT INTO evo.items VALUES (1, 'one', NULL), (2, 'two', 'done');
