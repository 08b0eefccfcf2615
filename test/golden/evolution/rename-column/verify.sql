SELECT id, legacy_code FROM evo.items ORDER BY id;
