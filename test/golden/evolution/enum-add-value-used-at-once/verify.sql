SELECT id, kind::text FROM evo.items ORDER BY id;
