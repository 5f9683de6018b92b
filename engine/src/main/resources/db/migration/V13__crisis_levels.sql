-- Crisis levels within tier 3 (一般 general 1, 严重 serious 2, 重大 major 3), stored with the
-- result and its alert; the level sets when an unacknowledged alert goes to the district.
-- Alerts for crisis answers in drafts that were never submitted, and what "delivered" means:
-- handed on by a relay (relayed_at), seen on a staff console (seen_at).

ALTER TABLE result ADD COLUMN crisis_level smallint NOT NULL DEFAULT 0
  CHECK (crisis_level BETWEEN 0 AND 3);
-- Results stored before levels existed: the level their fired rules name (the acute ASQ rule is
-- major, every other crisis rule of the rule sets then shipped serious).
UPDATE result SET crisis_level = CASE WHEN 'crisis_asq_acute' = ANY (fired_rules) THEN 3 ELSE 2 END
 WHERE crisis;
ALTER TABLE result ADD CONSTRAINT result_crisis_level CHECK ((crisis_level > 0) = crisis);
COMMENT ON COLUMN result.crisis_level IS '0 no crisis; 1 一般 general, 2 严重 serious, 3 重大 major';
COMMENT ON COLUMN result.answers IS
  'one byte per item in battery order; 254 = refused (I''d rather not answer), 255 = missing';

ALTER TABLE alert_outbox RENAME COLUMN delivered_at TO relayed_at;
ALTER TABLE alert_outbox
  ALTER COLUMN result_id DROP NOT NULL,
  ADD COLUMN source text NOT NULL DEFAULT 'result' CHECK (source IN ('result', 'unsubmitted')),
  ADD COLUMN form text NOT NULL DEFAULT 'self' CHECK (form IN ('self', 'teacher', 'parent')),
  ADD COLUMN crisis_level smallint NOT NULL DEFAULT 2 CHECK (crisis_level BETWEEN 1 AND 3),
  ADD COLUMN escalate_due_at timestamptz,
  ADD COLUMN relayed_by text,
  ADD COLUMN seen_at timestamptz;
UPDATE alert_outbox a SET crisis_level = r.crisis_level, form = r.form
  FROM result r WHERE r.id = a.result_id AND r.crisis_level > 0;
UPDATE alert_outbox SET escalate_due_at = created_at + CASE crisis_level
    WHEN 3 THEN interval '10 minutes' WHEN 2 THEN interval '30 minutes' ELSE interval '2 hours' END;
ALTER TABLE alert_outbox
  ALTER COLUMN escalate_due_at SET NOT NULL,
  ALTER COLUMN source DROP DEFAULT,
  ALTER COLUMN form DROP DEFAULT,
  ALTER COLUMN crisis_level DROP DEFAULT,
  ADD CONSTRAINT alert_outbox_source_result CHECK ((source = 'result') = (result_id IS NOT NULL));
COMMENT ON COLUMN alert_outbox.level IS 'the tier of the result (always 3: an alert is a crisis)';
COMMENT ON COLUMN alert_outbox.crisis_level IS '1 一般 general, 2 严重 serious, 3 重大 major';
COMMENT ON COLUMN alert_outbox.source IS
  'result: a stored crisis result; unsubmitted: a crisis answer in a draft nobody submitted';
COMMENT ON COLUMN alert_outbox.relayed_at IS
  'when a relay handed the alert to the consoles'' event bus and queued its phone messages';
COMMENT ON COLUMN alert_outbox.seen_at IS 'when a staff console first confirmed it had the alert';
COMMENT ON COLUMN alert_outbox.escalate_due_at IS
  'created_at plus the escalation time of the level under the window''s rule set';
-- One unsubmitted-crisis alert per student, window and form.
CREATE UNIQUE INDEX alert_outbox_unsubmitted_once ON alert_outbox (window_id, student_id, form)
  WHERE source = 'unsubmitted';

DROP INDEX alert_outbox_escalation_due;
CREATE INDEX alert_outbox_escalation_due ON alert_outbox (escalate_due_at)
  WHERE acknowledged_at IS NULL AND escalated_at IS NULL;
ALTER INDEX alert_outbox_undelivered RENAME TO alert_outbox_unrelayed;

-- Which consoles confirmed an alert: a console shows and sounds a new alert once per staff member,
-- however often it reconnects or which node it reaches.
CREATE TABLE alert_receipt (
  alert_id    bigint NOT NULL REFERENCES alert_outbox (id),
  staff_id    bigint NOT NULL REFERENCES staff_account (id),
  received_at timestamptz NOT NULL,
  PRIMARY KEY (alert_id, staff_id)
);

-- A crisis answer seen in a saved draft, kept until a submit of the form follows or, by due_at
-- (first seen + HUXIN_UNSUBMITTED_CRISIS_MINUTES, or the window's close if sooner), an
-- 'unsubmitted' alert has gone out for it.
CREATE TABLE crisis_draft (
  window_id     bigint NOT NULL,
  student_id    bigint NOT NULL REFERENCES student (id),
  form          text NOT NULL CHECK (form IN ('self', 'teacher', 'parent')),
  district_id   bigint NOT NULL,
  school_id     bigint NOT NULL,
  crisis_level  smallint NOT NULL CHECK (crisis_level BETWEEN 1 AND 3),
  fired_rules   text[] NOT NULL,
  escalate_s    integer NOT NULL CHECK (escalate_s > 0),
  first_seen_at timestamptz NOT NULL,
  due_at        timestamptz NOT NULL,
  settled_at    timestamptz,
  alert_id      bigint REFERENCES alert_outbox (id),
  PRIMARY KEY (window_id, student_id, form)
);
CREATE INDEX crisis_draft_due ON crisis_draft (due_at) WHERE settled_at IS NULL;
COMMENT ON COLUMN crisis_draft.settled_at IS
  'when the sweep found a submit (alert_id null) or raised the unsubmitted alert (alert_id set)';
