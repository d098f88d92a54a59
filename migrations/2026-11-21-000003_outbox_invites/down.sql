DROP TABLE invite_sends;
DROP TABLE invites;
DROP TABLE outbox_emails;
