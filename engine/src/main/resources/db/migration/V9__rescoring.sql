-- Local norm sets with their provenance, re-scoring runs, and the verdicts a re-scoring replaced.

-- norm_set.scale_id holds the norm set's id (e.g. local-w3), norm_table the set as NormSetJson
-- writes it. A saved version is never changed or deleted: results name it in norm_version.
ALTER TABLE norm_set
  ADD COLUMN window_id bigint REFERENCES screening_window (id),
  ADD COLUMN minimum_n integer CHECK (minimum_n >= 2),
  ADD COLUMN refused jsonb NOT NULL DEFAULT '[]' CHECK (jsonb_typeof(refused) = 'array');
COMMENT ON COLUMN norm_set.scale_id IS 'the norm set id; with version, the label id@version';
COMMENT ON COLUMN norm_set.source IS
  'where the set came from: "window <id>" for a local set, "shipped" for a copy of a shipped file';
COMMENT ON COLUMN norm_set.refused IS
  'cells left out of a local set: [{target, band, sex, n, reason}]';

CREATE FUNCTION norm_set_is_immutable() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'norm set versions are immutable; save a new version instead of %', TG_OP;
END
$$;
CREATE TRIGGER norm_set_immutable BEFORE UPDATE OR DELETE ON norm_set
  FOR EACH ROW EXECUTE FUNCTION norm_set_is_immutable();

-- One run of re-scoring a window under other norm sets. A run that did not finish is resumed by
-- the next run of the same window and norms; at most one is unfinished per window.
CREATE TABLE rescoring (
  id           bigserial PRIMARY KEY,
  window_id    bigint NOT NULL REFERENCES screening_window (id),
  to_norms     text NOT NULL CHECK (to_norms <> ''),
  targets      jsonb NOT NULL CHECK (jsonb_typeof(targets) = 'object'),
  from_norms   text[] NOT NULL,
  rule_set_id  text NOT NULL,
  started_by   text NOT NULL CHECK (started_by <> ''),
  started_at   timestamptz NOT NULL DEFAULT now(),
  finished_at  timestamptz,
  total        bigint NOT NULL CHECK (total >= 0),
  tiers_before bigint[] NOT NULL CHECK (cardinality(tiers_before) = 4),
  tiers_after  bigint[] CHECK (cardinality(tiers_after) = 4),
  rescored     bigint NOT NULL DEFAULT 0 CHECK (rescored >= 0),
  moved_up     bigint,
  moved_down   bigint,
  new_crises   bigint NOT NULL DEFAULT 0,
  CHECK ((finished_at IS NULL) = (tiers_after IS NULL))
);
CREATE UNIQUE INDEX rescoring_one_unfinished ON rescoring (window_id) WHERE finished_at IS NULL;
COMMENT ON COLUMN rescoring.to_norms IS 'the norm sets asked for, id@version joined by +';
COMMENT ON COLUMN rescoring.targets IS
  'battery id to the norm_version its results get, e.g. {"g7-9": "local-w3@1.0.0"}';
COMMENT ON COLUMN rescoring.tiers_before IS 'results per tier 0..3 when the run started';

-- The verdict a re-scoring replaced, one row per result and run, so every earlier verdict stays
-- readable and reproducible: re-scoring result.answers under history.norm_version gives
-- history.tier. Listed by window like result, so a window is archived whole; append-only.
CREATE TABLE result_history (
  window_id    bigint NOT NULL,
  rescoring_id bigint NOT NULL REFERENCES rescoring (id),
  result_id    bigint NOT NULL,
  student_id   bigint NOT NULL,
  form         text NOT NULL,
  norm_version text NOT NULL,
  scores       jsonb NOT NULL,
  tier         smallint NOT NULL CHECK (tier BETWEEN 0 AND 3),
  crisis       boolean NOT NULL,
  validity     smallint NOT NULL CHECK (validity BETWEEN 0 AND 2),
  fired_rules  text[] NOT NULL,
  replaced_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (window_id, rescoring_id, result_id)
) PARTITION BY LIST (window_id);
CREATE INDEX result_history_student ON result_history (window_id, student_id, form);

CREATE FUNCTION result_history_is_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'result history is append-only; % is not allowed', TG_OP;
END
$$;
CREATE TRIGGER result_history_append_only BEFORE UPDATE OR DELETE ON result_history
  FOR EACH ROW EXECUTE FUNCTION result_history_is_append_only();

-- Creates result_history_w<id> for a window unless it exists; called when a run starts.
CREATE FUNCTION create_history_partition(window_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format(
    'CREATE TABLE IF NOT EXISTS %I PARTITION OF result_history FOR VALUES IN (%s)',
    'result_history_w' || window_id, window_id);
END
$$;
