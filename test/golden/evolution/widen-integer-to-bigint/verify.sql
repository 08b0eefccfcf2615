SELECT id, qty FROM evo.items;
