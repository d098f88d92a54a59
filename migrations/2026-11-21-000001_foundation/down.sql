DROP TABLE login_failures;
DROP TABLE links;
DROP TABLE partnerships;
DROP TABLE partner_groups;
DROP TABLE vendor_members;
DROP TABLE vendors;
DROP TABLE users;
