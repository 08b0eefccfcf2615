SELECT id, big, count, price::text AS price, rate::text AS rate, amount::text AS amount, ratio, code::text AS code, label, tags FROM evo.measures ORDER BY id;
