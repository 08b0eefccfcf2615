SELECT id, owner FROM evo.items;
