-- The crisis feed reads only the open (unacknowledged) alerts, and the escalator only the open
-- ones that were delivered and not yet escalated; partial indexes keep both small however many
-- acknowledged alerts pile up over the years.

CREATE INDEX alert_outbox_open ON alert_outbox (id) WHERE acknowledged_at IS NULL;
CREATE INDEX alert_outbox_open_school ON alert_outbox (school_id, id)
  WHERE acknowledged_at IS NULL;
CREATE INDEX alert_outbox_open_district ON alert_outbox (district_id, id)
  WHERE acknowledged_at IS NULL;
CREATE INDEX alert_outbox_escalation_due ON alert_outbox (delivered_at)
  WHERE acknowledged_at IS NULL AND escalated_at IS NULL AND delivered_at IS NOT NULL;
