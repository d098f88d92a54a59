-- The indexes long lists page by: All Partners by name and by code, a
-- payout's commissions, and a vendor's payout batches.
CREATE INDEX partnerships_vendor_name_idx ON partnerships (vendor_id, status, partner_name, id);
CREATE INDEX partnerships_vendor_code_idx ON partnerships (vendor_id, status, code, id);
CREATE INDEX commissions_payout_idx ON commissions (payout_id) WHERE payout_id IS NOT NULL;
CREATE INDEX payouts_vendor_batch_idx ON payouts (vendor_id, batch, id);
