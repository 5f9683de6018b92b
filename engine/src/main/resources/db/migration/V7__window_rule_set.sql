-- Each window names the tier rule set (thresholds) its results are scored with; see
-- scales/src/main/resources/scales/tier-rules. Existing windows keep the default set.
ALTER TABLE screening_window
  ADD COLUMN rule_set_id text NOT NULL DEFAULT 'default'
    CHECK (rule_set_id ~ '^[a-z0-9][a-z0-9-]{0,47}$');
