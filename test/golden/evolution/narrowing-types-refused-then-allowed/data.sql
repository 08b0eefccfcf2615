INSERT INTO evo.measures (id, big, count, price, rate, amount, ratio, code, label, tags) VALUES (1, 42, 7, 123.45, 1.2500, 99.99, 0.5, 'abc', 'short label', '{1,2,3}');
