SELECT id, status FROM evo.items ORDER BY id;
