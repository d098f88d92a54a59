-- One table for the custom fields of every form a group has: its
-- application form and its lead and deal forms. Application questions
-- gain an order of their own (they were asked in the order added).
CREATE TABLE form_fields (
    id         BIGSERIAL PRIMARY KEY,
    group_id   BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    form       TEXT NOT NULL CHECK (form IN ('application', 'leads', 'deals')),
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'email', 'phone', 'url', 'choice')),
    -- For `choice`: the options, one per line.
    choices    TEXT NOT NULL DEFAULT '',
    required   BOOLEAN NOT NULL DEFAULT FALSE,
    position   INT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX form_fields_form_idx ON form_fields (group_id, form, position);

INSERT INTO form_fields (group_id, form, label, kind, choices, required, position, created_at)
SELECT group_id, 'application', label, kind, choices, required,
       (row_number() OVER (PARTITION BY group_id ORDER BY id))::int - 1, created_at
FROM application_fields
ORDER BY id;

INSERT INTO form_fields (group_id, form, label, kind, choices, required, position)
SELECT group_id, pipeline, label, kind, choices, required, position
FROM pipeline_fields
ORDER BY id;

DROP TABLE application_fields;
DROP TABLE pipeline_fields;
