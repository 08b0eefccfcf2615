SELECT id, title, qty FROM evo.products ORDER BY id;
