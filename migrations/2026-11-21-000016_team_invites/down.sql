DROP TABLE team_invites;
