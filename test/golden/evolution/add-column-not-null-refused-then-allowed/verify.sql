SELECT id, code FROM evo.items ORDER BY id;
