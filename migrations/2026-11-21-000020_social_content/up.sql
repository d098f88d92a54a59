-- A group's Social content tab: the posts and email its partners share,
-- with {link} and {partner_name} filled in per partner. No row: defaults.
CREATE TABLE group_social_content (
    group_id         BIGINT PRIMARY KEY REFERENCES partner_groups (id) ON DELETE CASCADE,
    x_message        TEXT NOT NULL,
    linkedin_title   TEXT NOT NULL,
    linkedin_message TEXT NOT NULL,
    email_subject    TEXT NOT NULL,
    email_body       TEXT NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
