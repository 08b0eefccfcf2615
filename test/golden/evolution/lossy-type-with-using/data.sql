INSERT INTO evo.items VALUES (1, 'one', ' 42 '), (2, 'two', '');
