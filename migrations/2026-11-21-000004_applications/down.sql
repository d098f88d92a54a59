DROP TABLE applications;
DROP TABLE application_fields;
ALTER TABLE partner_groups DROP COLUMN application_description, DROP COLUMN application_title;
