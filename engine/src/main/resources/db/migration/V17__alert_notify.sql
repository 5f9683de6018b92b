-- Wakes the alert relays at once: every transaction that adds a crisis alert notifies channel
-- huxin_alert when it commits, and each gateway node LISTENs on it (AlertRelay). The payload is
-- empty and carries nothing about the student; identical notifications of one transaction are
-- delivered once, at COMMIT, and none on rollback. The relays still claim the outbox
-- periodically: a notification sent while a node was not listening is lost, never its alert.
--
-- alert_outbox is a plain table (not partitioned). A row trigger is used all the same: it fires
-- only when a row was really inserted (a result batch whose alerts CTE adds none, or an INSERT
-- ... ON CONFLICT DO NOTHING that skips, notifies nobody), and would reach every partition were
-- the table ever partitioned. The function runs with the inserting role's rights: pg_notify needs
-- none.
CREATE FUNCTION notify_alert_relay() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $$
BEGIN
  PERFORM pg_notify('huxin_alert', '');
  RETURN NULL;
END
$$;

CREATE TRIGGER alert_outbox_notifies_relay AFTER INSERT ON alert_outbox
  FOR EACH ROW EXECUTE FUNCTION notify_alert_relay();
