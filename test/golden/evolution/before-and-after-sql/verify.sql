SELECT id, total, doubled FROM evo.items ORDER BY id;
