ALTER TABLE partner_groups
    ADD COLUMN application_title TEXT NOT NULL DEFAULT '',
    ADD COLUMN application_description TEXT NOT NULL DEFAULT '';

-- The vendor-defined questions of a group's application form.
CREATE TABLE application_fields (
    id         BIGSERIAL PRIMARY KEY,
    group_id   BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'url', 'choice')),
    -- For `choice`: the options, one per line.
    choices    TEXT NOT NULL DEFAULT '',
    required   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX application_fields_group_idx ON application_fields (group_id, id);

-- Answers keep the question as it was asked, so editing the form later
-- does not change what an applicant said.
CREATE TABLE applications (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    group_id       BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    user_id        BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    parent_id      BIGINT REFERENCES partnerships (id),
    answers        JSONB NOT NULL DEFAULT '[]',
    status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
    reason         TEXT NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    decided_at     TIMESTAMPTZ,
    decided_by     BIGINT REFERENCES users (id) ON DELETE SET NULL,
    partnership_id BIGINT REFERENCES partnerships (id)
);
CREATE UNIQUE INDEX applications_one_pending_idx ON applications (vendor_id, user_id) WHERE status = 'pending';
CREATE INDEX applications_vendor_idx ON applications (vendor_id, status, created_at DESC);
