CREATE TABLE application_fields (
    id         BIGSERIAL PRIMARY KEY,
    group_id   BIGINT NOT NULL REFERENCES partner_groups (id) ON DELETE CASCADE,
    label      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('short_text', 'long_text', 'email', 'phone', 'url', 'choice')),
    choices    TEXT NOT NULL DEFAULT '',
    required   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX application_fields_group_idx ON application_fields (group_id, id);

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

INSERT INTO application_fields (group_id, label, kind, choices, required, created_at)
SELECT group_id, label, kind, choices, required, created_at FROM form_fields
WHERE form = 'application' ORDER BY group_id, position;

INSERT INTO group_pipelines (group_id, pipeline, title)
SELECT DISTINCT group_id, form, CASE form WHEN 'leads' THEN 'Submit a lead' ELSE 'Register a deal' END
FROM form_fields WHERE form <> 'application'
ON CONFLICT DO NOTHING;

INSERT INTO pipeline_fields (group_id, pipeline, label, kind, choices, required, position)
SELECT group_id, form, label, kind, choices, required, position FROM form_fields
WHERE form <> 'application' ORDER BY id;

DROP TABLE form_fields;
