SELECT p.id, p.product_id, i.name, i.kind::text FROM evo.parts p JOIN evo.products i ON i.id = p.product_id;
