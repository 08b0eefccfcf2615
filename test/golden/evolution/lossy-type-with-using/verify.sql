SELECT id, qty FROM evo.items ORDER BY id;
