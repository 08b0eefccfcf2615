SELECT id, kind::text FROM evo.items;
