INSERT INTO evo.repayments (id, amount_cents, paid_at, legacy_note, channel) VALUES (1, 1250, '2024-05-01T10:00:00Z', 'old', 'web'), (2, 99, NULL, NULL, 'branch');
