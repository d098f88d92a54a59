DROP TABLE group_social_content;
