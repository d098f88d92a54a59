-- Lead submission and deal registration: per group, a switch, a form with
-- custom fields and a pipeline of stages; partners submit leads and
-- register deals, the vendor moves them through the stages.

-- Email and phone questions, for application forms too.
ALTER TABLE application_fields DROP CONSTRAINT application_fields_kind_check;
ALTER TABLE application_fields ADD CONSTRAINT application_fields_kind_check
    CHECK (kind IN ('short_text', 'long_text', 'email', 'phone', 'url', 'choice'));

CREATE TABLE group_pipelines (
    group_id    BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    pipeline    TEXT NOT NULL CHECK (pipeline IN ('leads', 'deals')),
    enabled     BOOLEAN NOT NULL DEFAULT FALSE,
    title       TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- What a deal reaching a won stage does: only mark it, or record a sale
    -- of its amount for its customer.
    won_action  TEXT NOT NULL DEFAULT 'mark' CHECK (won_action IN ('mark', 'record_sale')),
    PRIMARY KEY (group_id, pipeline)
);

CREATE TABLE pipeline_fields (
    id       BIGSERIAL PRIMARY KEY,
    group_id BIGINT NOT NULL,
    pipeline TEXT NOT NULL,
    label    TEXT NOT NULL,
    kind     TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'email', 'phone', 'url', 'choice')),
    choices  TEXT NOT NULL DEFAULT '',
    required BOOLEAN NOT NULL DEFAULT FALSE,
    position INT NOT NULL,
    FOREIGN KEY (group_id, pipeline) REFERENCES group_pipelines (group_id, pipeline) ON DELETE CASCADE
);
CREATE INDEX pipeline_fields_form_idx ON pipeline_fields (group_id, pipeline, position);

CREATE TABLE pipeline_stages (
    id       BIGSERIAL PRIMARY KEY,
    group_id BIGINT NOT NULL,
    pipeline TEXT NOT NULL,
    name     TEXT NOT NULL,
    position INT NOT NULL,
    -- Where a won stage lets a lead become a customer (and a deal a sale).
    outcome  TEXT NOT NULL DEFAULT 'open' CHECK (outcome IN ('open', 'won', 'lost')),
    FOREIGN KEY (group_id, pipeline) REFERENCES group_pipelines (group_id, pipeline) ON DELETE CASCADE
);
CREATE UNIQUE INDEX pipeline_stages_name_idx ON pipeline_stages (group_id, pipeline, lower(name));

CREATE TABLE pipeline_entries (
    id             BIGSERIAL PRIMARY KEY,
    vendor_id      BIGINT NOT NULL REFERENCES vendors (id) ON DELETE CASCADE,
    group_id       BIGINT NOT NULL REFERENCES partner_groups (id),
    partnership_id BIGINT NOT NULL REFERENCES partnerships (id),
    pipeline       TEXT NOT NULL CHECK (pipeline IN ('leads', 'deals')),
    -- A stage that holds an entry cannot be removed.
    stage_id       BIGINT NOT NULL REFERENCES pipeline_stages (id),
    company        TEXT NOT NULL DEFAULT '',
    contact_name   TEXT NOT NULL,
    contact_email  TEXT NOT NULL,
    amount_cents   BIGINT CHECK (amount_cents >= 0),
    currency       TEXT CHECK (currency ~ '^[A-Z]{3}$'),
    expected_close DATE,
    answers        JSONB NOT NULL DEFAULT '[]',
    -- The earlier entry, by another partner, for the same company or email.
    duplicate_of   BIGINT REFERENCES pipeline_entries (id),
    customer_id    BIGINT REFERENCES customers (id),
    sale_id        BIGINT REFERENCES transactions (id),
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX pipeline_entries_vendor_idx ON pipeline_entries (vendor_id, pipeline, created_at DESC, id DESC);
CREATE INDEX pipeline_entries_partner_idx ON pipeline_entries (partnership_id, pipeline, created_at DESC);
-- Emails are stored lower-cased.
CREATE INDEX pipeline_entries_email_idx ON pipeline_entries (vendor_id, pipeline, contact_email);
CREATE INDEX pipeline_entries_company_idx ON pipeline_entries (vendor_id, pipeline, lower(company)) WHERE company <> '';
CREATE INDEX pipeline_entries_stage_idx ON pipeline_entries (stage_id);

-- What happened to an entry, newest last: submitted, each move, the
-- customer or sale it became. Stage names are copied: a stage renamed or
-- removed later does not rewrite history.
CREATE TABLE pipeline_events (
    id       BIGSERIAL PRIMARY KEY,
    entry_id BIGINT NOT NULL REFERENCES pipeline_entries (id) ON DELETE CASCADE,
    at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    actor_id BIGINT REFERENCES users (id),
    what     TEXT NOT NULL
);
CREATE INDEX pipeline_events_entry_idx ON pipeline_events (entry_id, id);
