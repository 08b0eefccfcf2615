INSERT INTO evo.items VALUES (1, 'one', 21), (2, 'two', NULL);
