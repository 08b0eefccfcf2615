INSERT INTO evo.items VALUES (1, 'one', 'b');
