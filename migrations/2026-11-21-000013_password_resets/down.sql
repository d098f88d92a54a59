DROP TABLE reset_requests;
DROP TABLE password_resets;
