DROP TABLE api_keys;
DROP INDEX partnerships_one_current_idx;
CREATE UNIQUE INDEX partnerships_one_active_idx ON partnerships (vendor_id, user_id) WHERE status = 'active';
ALTER TABLE partnerships
    DROP CONSTRAINT partnerships_status_check,
    ADD CONSTRAINT partnerships_status_check CHECK (status IN ('active', 'removed'));
ALTER TABLE users ALTER COLUMN password_hash SET NOT NULL;
