-- The application's own role, huxin_app. The migrations run as the owner of the schema (the
-- role in PG_OWNER_USER, or the embedded server's superuser), so every table, function and
-- trigger belongs to the owner; the application connects as huxin_app (or a login role that is a
-- member of it) and holds only the grants below. It may read and append to the audit trail but
-- neither update, delete nor truncate it, and, owning nothing, it can neither alter a table nor
-- disable a trigger. No table grants it TRUNCATE, REFERENCES or TRIGGER. Offline jobs that drop
-- partitions (retention) run as the owner.

DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'huxin_app') THEN
    CREATE ROLE huxin_app NOLOGIN;
  END IF;
EXCEPTION
  WHEN duplicate_object THEN
    NULL; -- a migration of another database on the same server created it meanwhile
  WHEN insufficient_privilege THEN
    RAISE EXCEPTION 'the role huxin_app does not exist and the migrating role may not create it'
      USING HINT = 'as a superuser: CREATE ROLE huxin_app NOLOGIN; GRANT huxin_app TO <PG_USER>';
END
$$;

-- Only the owner creates objects in the schema (the default since PostgreSQL 15).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO huxin_app;

GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO huxin_app;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO huxin_app;
REVOKE INSERT, UPDATE, DELETE ON flyway_schema_history FROM huxin_app;
REVOKE UPDATE, DELETE ON audit FROM huxin_app;

-- Tables and sequences that later migrations (run by the same owner) add are covered too; a
-- later append-only table revokes UPDATE and DELETE in its own migration, as above.
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO huxin_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public
  GRANT USAGE, SELECT ON SEQUENCES TO huxin_app;

-- Creating a window creates its result partitions, and a re-scoring run its history partition,
-- which only the owner of the parent table may do: the two functions run with their owner's
-- rights, on a fixed search path, and only the application and the owner may call them.
ALTER FUNCTION create_window_partitions(bigint, integer)
  SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION create_window_partitions(bigint, integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_window_partitions(bigint, integer) TO huxin_app;
ALTER FUNCTION create_history_partition(bigint)
  SECURITY DEFINER SET search_path = public, pg_temp;
REVOKE EXECUTE ON FUNCTION create_history_partition(bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION create_history_partition(bigint) TO huxin_app;

-- Guardian consent per screening window: every giving or withdrawal is a row, never changed; the
-- newest row of a student and window decides. Recorded by a staff account (a paper form handed in,
-- a call) or by the guardian online. Recording also sets student.consent_guardian and consent_at,
-- the roster's standing consent that login, slips and the consent lists read, so the two agree;
-- a submit checks the newest row here, so a withdrawal holds at once on every node.
CREATE TABLE guardian_consent (
  id          bigserial PRIMARY KEY,
  student_id  bigint NOT NULL REFERENCES student (id),
  window_id   bigint NOT NULL REFERENCES screening_window (id),
  given       boolean NOT NULL,
  recorded_by bigint REFERENCES staff_account (id),
  source      text NOT NULL CHECK (source IN ('staff', 'guardian')),
  method      text NOT NULL CHECK (method IN ('paper_form', 'online', 'phone')),
  at          timestamptz NOT NULL,
  CHECK ((source = 'staff') = (recorded_by IS NOT NULL))
);
CREATE INDEX guardian_consent_latest ON guardian_consent (student_id, window_id, id DESC);
REVOKE UPDATE, DELETE ON guardian_consent FROM huxin_app;

-- The student's own assent: the time the student ticked "I have read this and agree to answer"
-- under the privacy notice (purpose, who sees the answers, how long they are kept), as the page
-- reported it, and when the submit that carried it arrived. One row per student, window and form.
CREATE TABLE student_assent (
  window_id   bigint NOT NULL REFERENCES screening_window (id),
  student_id  bigint NOT NULL REFERENCES student (id),
  form        text NOT NULL CHECK (form IN ('self', 'teacher', 'parent')),
  assented_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  PRIMARY KEY (window_id, student_id, form)
);
REVOKE UPDATE, DELETE ON student_assent FROM huxin_app;
