SELECT id, name, note FROM evo.items ORDER BY id;
