-- Crisis alerts that reach a phone: the group robots (WeCom, DingTalk) and SMS gateways of a
-- school or a district, and the notification outbox that the relay and the escalator fill in the
-- transaction that marks an alert relayed or escalated.

CREATE TABLE alert_channel (
  id            bigserial PRIMARY KEY,
  district_id   bigint NOT NULL REFERENCES district (id),
  school_id     bigint,
  kind          text NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'sms')),
  name          text NOT NULL CHECK (name <> '' AND length(name) <= 100),
  url_enc       bytea NOT NULL,
  url_shown     text NOT NULL,
  secret_enc    bytea,
  recipients    text[] NOT NULL DEFAULT '{}',
  enabled       boolean NOT NULL DEFAULT true,
  created_by    bigint REFERENCES staff_account (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_by    bigint REFERENCES staff_account (id),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  last_ok_at    timestamptz,
  last_error_at timestamptz,
  last_error    text CHECK (length(last_error) <= 300),
  failing_since timestamptz,
  FOREIGN KEY (school_id, district_id) REFERENCES school (id, district_id),
  CHECK ((kind = 'sms') = (cardinality(recipients) > 0)),
  CHECK (kind <> 'dingtalk' OR secret_enc IS NOT NULL)
);
CREATE INDEX alert_channel_school ON alert_channel (school_id) WHERE enabled;
CREATE INDEX alert_channel_district ON alert_channel (district_id) WHERE enabled;
COMMENT ON TABLE alert_channel IS
  'where a school''s (school_id set) or a district''s own (school_id null) crisis alerts are sent';
COMMENT ON COLUMN alert_channel.url_enc IS
  'NameCipher ciphertext of the webhook or SMS gateway URL: a robot URL carries its key or token';
COMMENT ON COLUMN alert_channel.url_shown IS 'scheme and host only, e.g. https://qyapi.weixin.qq.com/…';
COMMENT ON COLUMN alert_channel.secret_enc IS
  'NameCipher ciphertext: the DingTalk signing secret (加签, SEC...), or an SMS bearer token';
COMMENT ON COLUMN alert_channel.recipients IS 'SMS only: the phone numbers a message goes to';
COMMENT ON COLUMN alert_channel.last_error IS 'the last failure, short and without secrets';
COMMENT ON COLUMN alert_channel.failing_since IS
  'the first failed send since the last good one; null while the channel works';

-- One phone message owed per alert, channel and kind. A notifier on any node claims due rows with
-- a lease (lease_until, lease_token), sends one message per channel, and marks them sent or
-- failing with a doubling backoff; a node that dies mid-send leaves its rows to the next lease.
CREATE TABLE alert_notification (
  id              bigserial PRIMARY KEY,
  alert_id        bigint NOT NULL REFERENCES alert_outbox (id) ON DELETE CASCADE,
  channel_id      bigint NOT NULL REFERENCES alert_channel (id) ON DELETE CASCADE,
  kind            text NOT NULL CHECK (kind IN ('delivery', 'escalation')),
  status          text NOT NULL DEFAULT 'pending'
                  CHECK (status IN ('pending', 'sent', 'failing', 'skipped')),
  attempts        integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz,
  lease_until     timestamptz,
  lease_token     uuid,
  sent_at         timestamptz,
  last_error      text CHECK (length(last_error) <= 300),
  created_at      timestamptz NOT NULL DEFAULT now(),
  UNIQUE (alert_id, channel_id, kind),
  CHECK ((status = 'sent') = (sent_at IS NOT NULL)),
  CHECK ((lease_until IS NULL) = (lease_token IS NULL))
);
CREATE INDEX alert_notification_unsent ON alert_notification (channel_id, id)
  WHERE status IN ('pending', 'failing');
CREATE INDEX alert_notification_alert ON alert_notification (alert_id);
COMMENT ON COLUMN alert_notification.status IS
  'pending: not tried yet; failing: tried and retried with backoff; sent; skipped: the alert was'
  ' acknowledged before its message could go out, so there is nothing left to ask for';
COMMENT ON COLUMN alert_notification.next_attempt_at IS
  'null: due at once (a new row); else when a failing row is tried again';
COMMENT ON COLUMN alert_notification.lease_until IS
  'a notifier is sending it until then; past it another notifier may take the row over';
