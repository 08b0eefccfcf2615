SELECT id, amount_cents, channel::text AS channel FROM evo.repayments ORDER BY id;
