DROP TABLE pipeline_events;
DROP TABLE pipeline_entries;
DROP TABLE pipeline_stages;
DROP TABLE pipeline_fields;
DROP TABLE group_pipelines;
ALTER TABLE application_fields DROP CONSTRAINT application_fields_kind_check;
ALTER TABLE application_fields ADD CONSTRAINT application_fields_kind_check
    CHECK (kind IN ('short_text', 'long_text', 'url', 'choice'));
