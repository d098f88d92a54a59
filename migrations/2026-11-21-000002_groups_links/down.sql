DROP TABLE transactions;
DROP TABLE customers;
DROP TABLE clicks;
DROP TABLE secondary_link_activations;
DROP TABLE group_slug_history;
