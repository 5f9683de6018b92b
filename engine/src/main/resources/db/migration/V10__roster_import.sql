-- Roster imports: one row per uploaded CSV or XLSX file, so any gateway node can show the
-- progress and the outcome of an import that another node runs. errors holds at most the first
-- 1,000 faulty rows ([{row, column, message}], never a student's name); error_count counts all.

CREATE TABLE roster_import (
  id          bigserial PRIMARY KEY,
  actor_id    bigint NOT NULL REFERENCES staff_account (id),
  file_name   text NOT NULL,
  format      text NOT NULL CHECK (format IN ('csv', 'xlsx')),
  state       text NOT NULL DEFAULT 'parsing'
              CHECK (state IN ('parsing', 'validating', 'writing', 'done', 'rejected', 'failed')),
  rows_total  integer CHECK (rows_total >= 0),
  rows_done   integer NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
  counts      jsonb CHECK (counts IS NULL OR jsonb_typeof(counts) = 'object'),
  errors      jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(errors) = 'array'),
  error_count integer NOT NULL DEFAULT 0 CHECK (error_count >= 0),
  message     text,
  started_at  timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  CHECK ((state IN ('done', 'rejected', 'failed')) = (finished_at IS NOT NULL))
);
CREATE INDEX roster_import_actor ON roster_import (actor_id, id DESC);

COMMENT ON COLUMN roster_import.counts IS
  'what a done import wrote: districtsCreated, schoolsCreated, classesCreated, studentsCreated,'
  ' studentsUpdated, studentsUnchanged';
COMMENT ON COLUMN roster_import.message IS 'why the whole file was rejected or the import failed';
