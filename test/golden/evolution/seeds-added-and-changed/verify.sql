SELECT id, name, rate FROM evo.items ORDER BY id;
