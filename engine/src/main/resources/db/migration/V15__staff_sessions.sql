-- Staff account life cycle and revocable sessions. A staff token names a session row; a session
-- is live while revoked_at is null, its account is enabled and it was used within the idle
-- timeout. Logout, disabling, a role or scope change and a password reset set revoked_at in the
-- transaction that writes the change and its audit row, so every node can learn of it from here.

ALTER TABLE staff_account
  ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
  ADD COLUMN password_changed_at  timestamptz NOT NULL DEFAULT now(),
  ADD COLUMN totp_secret_enc      bytea,
  ADD COLUMN updated_at           timestamptz NOT NULL DEFAULT now();
COMMENT ON COLUMN staff_account.must_change_password IS
  'set by a one-time password (./huxin staff add, a reset); the session may only change it';
COMMENT ON COLUMN staff_account.totp_secret_enc IS
  'the TOTP secret (RFC 6238) under the data key, the same layout as student.name_enc';

CREATE TABLE staff_session (
  id          uuid PRIMARY KEY,
  account_id  bigint NOT NULL REFERENCES staff_account (id),
  created_at  timestamptz NOT NULL,
  last_seen   timestamptz NOT NULL,
  revoked_at  timestamptz,
  reason      text CHECK (reason IN
                ('logout', 'disabled', 'scope_changed', 'password_reset', 'password_changed',
                 'idle', 'totp_changed')),
  CHECK ((revoked_at IS NULL) = (reason IS NULL))
);
CREATE INDEX staff_session_live ON staff_session (account_id) WHERE revoked_at IS NULL;
CREATE INDEX staff_session_revoked ON staff_session (revoked_at) WHERE revoked_at IS NOT NULL;
COMMENT ON COLUMN staff_session.id IS '128 random bits; the staff token carries it';
COMMENT ON COLUMN staff_session.last_seen IS
  'written by a node at most once a minute per session, so it lags real use by up to a minute';
