-- The follow-up ledger, the audit trail and versioned norm sets.

CREATE TABLE followup (
  id         bigserial PRIMARY KEY,
  student_id bigint NOT NULL REFERENCES student (id),
  window_id  bigint REFERENCES screening_window (id),
  action     text NOT NULL CHECK (action IN
               ('interview', 'parent_informed', 'referred', 'hospital_feedback', 'closed')),
  actor_id   bigint NOT NULL REFERENCES staff_account (id),
  at         timestamptz NOT NULL DEFAULT now(),
  note_enc   bytea
);
CREATE INDEX followup_student ON followup (student_id, at);
COMMENT ON COLUMN followup.note_enc IS 'AES-256-GCM, the same layout as student.name_enc';

-- Every view or export of identifiable results: who, what, when, why. Rows are never changed.
CREATE TABLE audit (
  id                 bigserial PRIMARY KEY,
  at                 timestamptz NOT NULL DEFAULT now(),
  actor_id           bigint,
  actor_role         text,
  action             text NOT NULL CHECK (action <> ''),
  subject_student_id bigint,
  subject            text,
  reason             text,
  ok                 boolean NOT NULL
);
CREATE INDEX audit_student ON audit (subject_student_id, at) WHERE subject_student_id IS NOT NULL;
CREATE INDEX audit_at ON audit (at);

CREATE FUNCTION audit_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'the audit trail is append-only; % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit
  FOR EACH ROW EXECUTE FUNCTION audit_is_append_only();

-- Norm tables built from finished windows, with provenance; one row per scale and version.
CREATE TABLE norm_set (
  id         bigserial PRIMARY KEY,
  scale_id   text NOT NULL CHECK (scale_id <> ''),
  version    text NOT NULL CHECK (version <> ''),
  source     text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  norm_table jsonb NOT NULL,
  UNIQUE (scale_id, version)
);
COMMENT ON COLUMN norm_set.norm_table IS
  'grade band × sex cells: n, mean, sd and percentile points';
