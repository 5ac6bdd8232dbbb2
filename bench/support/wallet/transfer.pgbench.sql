-- bench:wallet's floor: the per-transfer SQL of the peer (peer.ts), run by pgbench with prepared statements.
-- :accounts is set by the bench (-D accounts=N); account ids are 1..N.
\set from random(1, :accounts)
\set to random(1, :accounts - 1)
\set to case when :to >= :from then :to + 1 else :to end
\set amount random(1, 100)
BEGIN;
INSERT INTO ledger.idempotency_keys (user_id, key) SELECT user_id, gen_random_uuid()::text FROM ledger.accounts WHERE id = :from ON CONFLICT DO NOTHING RETURNING user_id AS payer, key \gset
SELECT id, balance FROM ledger.accounts WHERE id IN (:from, :to) ORDER BY id FOR UPDATE;
INSERT INTO ledger.transfers (from_account, to_account, amount, currency) VALUES (:from, :to, :amount, 'EUR') RETURNING id AS transfer \gset
INSERT INTO ledger.entries (transfer_id, account_id, amount) VALUES (:transfer, :from, -(:amount::bigint)), (:transfer, :to, :amount);
UPDATE ledger.accounts SET balance = balance - :amount WHERE id = :from;
UPDATE ledger.accounts SET balance = balance + :amount WHERE id = :to;
INSERT INTO ledger.outbox (type, payload) VALUES ('wallet.transfer-completed', jsonb_build_object('id', :transfer::text, 'fromUserId', :payer::text, 'toUserId', (SELECT user_id FROM ledger.accounts WHERE id = :to)::text, 'amount', :amount::bigint, 'currency', 'EUR')) RETURNING payload AS answer \gset
UPDATE ledger.idempotency_keys SET response = :answer::jsonb WHERE user_id = :payer AND key = :key;
END;
