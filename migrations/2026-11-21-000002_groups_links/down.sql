ALTER TABLE links
    DROP CONSTRAINT links_group_check,
    ADD CONSTRAINT links_check1 CHECK (kind = 'individual' OR group_id IS NOT NULL),
    DROP CONSTRAINT links_group_id_fkey,
    ADD CONSTRAINT links_group_id_fkey FOREIGN KEY (group_id) REFERENCES partner_groups (id) ON DELETE CASCADE;
DROP TABLE transactions;
DROP TABLE customers;
DROP TABLE clicks;
DROP TABLE secondary_link_activations;
DROP TABLE group_slug_history;
