DROP INDEX partnerships_vendor_name_idx;
DROP INDEX partnerships_vendor_code_idx;
DROP INDEX commissions_vendor_newest_idx;
DROP INDEX commissions_vendor_status_idx;
DROP INDEX commissions_payout_idx;
DROP INDEX payouts_vendor_batch_idx;
