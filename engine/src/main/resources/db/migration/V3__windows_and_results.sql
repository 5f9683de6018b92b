-- Screening windows, the partitioned result table and the crisis outbox.

CREATE TABLE screening_window (
  id                 bigserial PRIMARY KEY,
  name               text NOT NULL CHECK (name <> ''),
  status             text NOT NULL DEFAULT 'draft'
                     CHECK (status IN ('draft', 'open', 'paused', 'closed', 'archived')),
  scope_district_ids bigint[] NOT NULL DEFAULT '{}',
  scope_school_ids   bigint[] NOT NULL DEFAULT '{}',
  min_grade          smallint NOT NULL CHECK (min_grade BETWEEN 1 AND 12),
  max_grade          smallint NOT NULL CHECK (max_grade BETWEEN 1 AND 12),
  battery_by_band    jsonb NOT NULL CHECK (jsonb_typeof(battery_by_band) = 'object'),
  opens_at           timestamptz NOT NULL,
  closes_at          timestamptz NOT NULL,
  code_secret        bytea NOT NULL CHECK (length(code_secret) = 32),
  help_contacts      jsonb,
  created_at         timestamptz NOT NULL DEFAULT now(),
  hash_partitions    smallint NOT NULL DEFAULT 16 CHECK (hash_partitions BETWEEN 1 AND 256),
  CHECK (min_grade <= max_grade),
  CHECK (opens_at < closes_at)
);
COMMENT ON COLUMN screening_window.scope_district_ids IS
  'with scope_school_ids: a student is in scope if either list holds their district or school; '
  'both empty means the whole city';
COMMENT ON COLUMN screening_window.battery_by_band IS
  'grade band to battery id, e.g. {"4-6": "g4-6", "7-9": "g7-9"}';

-- One id sequence for every partition; the writer takes ids with nextval in its batch insert.
CREATE SEQUENCE result_id_seq AS bigint CACHE 64;

-- One row per submitted questionnaire. Listed by window, and each window's partition is hashed
-- by student, so a window can be detached and archived whole.
CREATE TABLE result (
  id              bigint NOT NULL,
  window_id       bigint NOT NULL,
  student_id      bigint NOT NULL REFERENCES student (id),
  form            text NOT NULL CHECK (form IN ('self', 'teacher', 'parent')),
  district_id     bigint NOT NULL,
  school_id       bigint NOT NULL,
  class_id        bigint NOT NULL,
  grade           smallint NOT NULL CHECK (grade BETWEEN 1 AND 12),
  sex             char(1) NOT NULL CHECK (sex IN ('F', 'M')),
  battery_id      text NOT NULL,
  battery_version text NOT NULL,
  norm_version    text NOT NULL,
  answers         bytea NOT NULL,
  scores          jsonb NOT NULL,
  tier            smallint NOT NULL CHECK (tier BETWEEN 0 AND 3),
  crisis          boolean NOT NULL,
  validity        smallint NOT NULL CHECK (validity BETWEEN 0 AND 2),
  fired_rules     text[] NOT NULL DEFAULT '{}',
  started_at      timestamptz,
  submitted_at    timestamptz NOT NULL,
  duration_ms     integer NOT NULL CHECK (duration_ms >= 0),
  idempotency_key uuid NOT NULL,
  stored_at       timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT result_once UNIQUE (window_id, student_id, form)
) PARTITION BY LIST (window_id);
CREATE INDEX result_tier_list ON result (window_id, school_id, tier);
COMMENT ON COLUMN result.answers IS 'one byte per item in battery order; 255 = missing';
COMMENT ON COLUMN result.validity IS '0 valid, 1 questionable, 2 invalid (retest)';

-- Creates result_w<id> (LIST partition for the window) hashed into <modulus> partitions
-- result_w<id>_h0 .. _h<modulus-1>. Called in the transaction that inserts the window.
CREATE FUNCTION create_window_partitions(window_id bigint, modulus integer) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  parent text := 'result_w' || window_id;
BEGIN
  IF modulus < 1 OR modulus > 256 THEN
    RAISE EXCEPTION 'hash partition modulus must be 1..256, got %', modulus;
  END IF;
  EXECUTE format(
    'CREATE TABLE %I PARTITION OF result FOR VALUES IN (%s) PARTITION BY HASH (student_id)',
    parent, window_id);
  FOR r IN 0 .. modulus - 1 LOOP
    EXECUTE format(
      'CREATE TABLE %I PARTITION OF %I FOR VALUES WITH (MODULUS %s, REMAINDER %s)',
      parent || '_h' || r, parent, modulus, r);
  END LOOP;
END
$$;

-- A crisis result and its alert are written in the same transaction; a relay delivers
-- undelivered rows to the staff consoles, staff acknowledge, and late ones are escalated.
CREATE TABLE alert_outbox (
  id              bigserial PRIMARY KEY,
  result_id       bigint NOT NULL,
  window_id       bigint NOT NULL,
  student_id      bigint NOT NULL,
  school_id       bigint NOT NULL,
  district_id     bigint NOT NULL,
  level           smallint NOT NULL CHECK (level BETWEEN 0 AND 3),
  created_at      timestamptz NOT NULL DEFAULT now(),
  delivered_at    timestamptz,
  acknowledged_by bigint REFERENCES staff_account (id),
  acknowledged_at timestamptz,
  escalated_at    timestamptz,
  UNIQUE (result_id),
  CHECK ((acknowledged_by IS NULL) = (acknowledged_at IS NULL))
);
CREATE INDEX alert_outbox_undelivered ON alert_outbox (id) WHERE delivered_at IS NULL;
CREATE INDEX alert_outbox_school ON alert_outbox (school_id, created_at);
COMMENT ON COLUMN alert_outbox.level IS 'the tier of the result when it was stored (3 = crisis)';
