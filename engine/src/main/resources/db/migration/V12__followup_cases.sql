-- Follow-up cases: the closed loop discover → report → intervene → follow up. A tier-2 or tier-3
-- result opens a case for its student and window (a trigger on result, so every writer and every
-- re-score is covered); ledger rows (followup) advance it; 'closed' ends it. At most one case per
-- student and window is open at a time.

CREATE TABLE followup_case (
  id             bigserial PRIMARY KEY,
  student_id     bigint NOT NULL REFERENCES student (id),
  window_id      bigint NOT NULL REFERENCES screening_window (id),
  district_id    bigint NOT NULL,
  school_id      bigint NOT NULL,
  class_id       bigint NOT NULL,
  level          smallint NOT NULL CHECK (level BETWEEN 2 AND 3),
  opened_at      timestamptz NOT NULL,
  due_at         timestamptz NOT NULL,
  closed_at      timestamptz,
  last_action    text CHECK (last_action IN
                   ('interview', 'parent_informed', 'referred', 'hospital_feedback', 'closed')),
  last_action_at timestamptz,
  CHECK ((last_action IS NULL) = (last_action_at IS NULL)),
  CHECK (closed_at IS NULL OR last_action = 'closed')
);
CREATE UNIQUE INDEX followup_case_one_open ON followup_case (student_id, window_id)
  WHERE closed_at IS NULL;
CREATE INDEX followup_case_school_due ON followup_case (school_id, due_at);
CREATE INDEX followup_case_student ON followup_case (student_id, opened_at);
COMMENT ON COLUMN followup_case.level IS 'the highest tier seen while the case was open (2 or 3)';
COMMENT ON COLUMN followup_case.opened_at IS
  'the submit time of the result that opened it; for a re-score, the time of the re-score';
COMMENT ON COLUMN followup_case.due_at IS
  'the next action is due: 1 day after opening for a crisis, 7 days for close attention; '
  'each recorded action sets it 14 days after the action';

-- A ledger row belongs to the case it advanced. Cases, not (student, window), because a closed
-- case can be followed by a new one for the same student and window (a re-score that raises the
-- tier); an action on a student with no open case keeps case_id null.
ALTER TABLE followup ADD COLUMN case_id bigint REFERENCES followup_case (id);
CREATE INDEX followup_case_ledger ON followup (case_id) WHERE case_id IS NOT NULL;

-- Opens a case for NEW unless one is open for its student and window; an open case whose level
-- is below NEW.tier is raised to it and its due time pulled in. Runs inside the writer's
-- transaction, so a result and its case commit together.
CREATE FUNCTION open_followup_case() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  opened timestamptz := CASE WHEN TG_OP = 'INSERT' THEN NEW.submitted_at ELSE now() END;
BEGIN
  INSERT INTO followup_case AS c
         (student_id, window_id, district_id, school_id, class_id, level, opened_at, due_at)
  VALUES (NEW.student_id, NEW.window_id, NEW.district_id, NEW.school_id, NEW.class_id, NEW.tier,
          opened,
          opened + CASE WHEN NEW.tier = 3 THEN interval '1 day' ELSE interval '7 days' END)
  ON CONFLICT (student_id, window_id) WHERE closed_at IS NULL
  DO UPDATE SET level = EXCLUDED.level, due_at = LEAST(c.due_at, EXCLUDED.due_at)
          WHERE c.level < EXCLUDED.level;
  RETURN NULL;
END
$$;

-- Row triggers on the partitioned table reach every partition, present and future.
CREATE TRIGGER result_opens_case AFTER INSERT ON result
  FOR EACH ROW WHEN (NEW.tier >= 2) EXECUTE FUNCTION open_followup_case();
-- A re-score opens a case only when it raises the tier: one that keeps a student at tier 2 must
-- not reopen the case someone closed.
CREATE TRIGGER result_rescore_opens_case AFTER UPDATE OF tier ON result
  FOR EACH ROW WHEN (NEW.tier >= 2 AND NEW.tier > OLD.tier) EXECUTE FUNCTION open_followup_case();

-- Results stored before this migration get their cases too.
INSERT INTO followup_case
       (student_id, window_id, district_id, school_id, class_id, level, opened_at, due_at)
SELECT DISTINCT ON (student_id, window_id)
       student_id, window_id, district_id, school_id, class_id, tier, submitted_at,
       submitted_at + CASE WHEN tier = 3 THEN interval '1 day' ELSE interval '7 days' END
  FROM result
 WHERE tier >= 2
 ORDER BY student_id, window_id, tier DESC, submitted_at;
