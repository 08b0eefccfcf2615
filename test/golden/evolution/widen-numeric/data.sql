INSERT INTO evo.items VALUES (1, 'one', 12345678.91);
