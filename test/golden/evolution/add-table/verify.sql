SELECT id, name FROM evo.items ORDER BY id;
