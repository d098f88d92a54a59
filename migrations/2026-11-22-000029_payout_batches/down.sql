DROP TRIGGER payouts_batch_deleted ON payouts;
DROP TRIGGER payouts_batch_updated ON payouts;
DROP TRIGGER payouts_batch_inserted ON payouts;
DROP FUNCTION pd_payouts_batch_rows();
DROP FUNCTION pd_payout_batches_apply(pd_payout_delta[]);
DROP TYPE pd_payout_delta;
DROP TABLE payout_batches;
