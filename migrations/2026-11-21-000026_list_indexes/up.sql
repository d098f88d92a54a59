-- The indexes long lists page by: All Partners by name and by code,
-- Commissions by status, a payout's commissions, and a
-- vendor's payout batches (summed from the index alone).
CREATE INDEX partnerships_vendor_name_idx ON partnerships (vendor_id, status, partner_name, id);
CREATE INDEX partnerships_vendor_code_idx ON partnerships (vendor_id, status, code, id);
-- Newest first with the id breaking ties, as the page orders: many
-- commissions share a time (a batch import, a renewal run).
CREATE INDEX commissions_vendor_newest_idx ON commissions (vendor_id, created_at DESC, id DESC);
CREATE INDEX commissions_vendor_status_idx ON commissions (vendor_id, status, created_at DESC, id DESC);
CREATE INDEX commissions_payout_idx ON commissions (payout_id) WHERE payout_id IS NOT NULL;
CREATE INDEX payouts_vendor_batch_idx ON payouts (vendor_id, batch, id) INCLUDE (currency, created_at, status, amount_cents);
