SELECT id, qty, tags FROM evo.items ORDER BY id;
