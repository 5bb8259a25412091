-- A counter bumped whenever an account's credentials change (password changed or reset):
-- a portal session remembers the value it was opened with and stops counting as signed in
-- once the account's value has moved on, so a password change signs out every other session.
ALTER TABLE users ADD COLUMN credential_epoch INTEGER NOT NULL DEFAULT 0;
