SELECT id, price FROM evo.items;
