-- Which node holds a phone message's lease. When a node leaves the cluster (killed, crashed, cut
-- off) the nodes left give its leased rows back at once, and a node gives back its own when it
-- starts again, so a dead node's message goes out in seconds rather than when its lease (60 s)
-- lapses. A node cut off but alive may then send a message twice: at least once, as before.
ALTER TABLE alert_notification
  ADD COLUMN lease_node text CHECK (length(lease_node) <= 100),
  ADD CHECK (lease_node IS NULL OR lease_token IS NOT NULL);
COMMENT ON COLUMN alert_notification.lease_node IS
  'HUXIN_NODE_NAME of the node whose notifier holds the lease; null with no lease';
