SELECT id, name FROM evo.products ORDER BY id;
