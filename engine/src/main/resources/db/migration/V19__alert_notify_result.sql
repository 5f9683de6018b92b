-- The relays' wake-up now says which crisis it is for: the payload of a huxin_alert notification
-- is the alert's result id (a number the store made up, nothing about the student), or empty for
-- an alert raised on an unsubmitted draft. A node is woken twice for one crisis it stored: by the
-- submit and by this notification; the relay drops the second when it has already handed that
-- result's alert on (OutboxLoop.nudge(long)). Several alerts of one transaction now notify once
-- each; an unknown or empty payload still wakes the relay.
CREATE OR REPLACE FUNCTION notify_alert_relay() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('huxin_alert', COALESCE(NEW.result_id::text, ''));
  RETURN NULL;
END
$$;
