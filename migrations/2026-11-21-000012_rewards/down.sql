ALTER TABLE users DROP COLUMN notify_payouts, DROP COLUMN notify_commissions;
DROP TABLE commission_history;
DROP TABLE commissions;
DROP TABLE payouts;
DROP TABLE offers;
