-- Domains a vendor has listed but not yet proven it controls. Where proof is
-- required (VERIFY_DOMAINS, on by default when anyone may sign up), a domain
-- waits here until the vendor serves its token at
-- /.well-known/partnerdesk-verification.txt; only allowed_domains redirect.
ALTER TABLE vendors ADD COLUMN pending_domains text[] NOT NULL DEFAULT '{}';
