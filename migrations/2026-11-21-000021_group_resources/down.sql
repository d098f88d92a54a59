DROP TABLE group_resources;
