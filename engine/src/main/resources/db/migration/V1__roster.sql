-- Org units and the student roster. The denormalised ids on student (district, school, grade)
-- are kept consistent by composite foreign keys, so a student can never sit in a class of
-- another school or grade.

CREATE TABLE district (
  id            bigserial PRIMARY KEY,
  code          text NOT NULL UNIQUE CHECK (code <> ''),
  name          text NOT NULL CHECK (name <> ''),
  help_contacts jsonb
);

CREATE TABLE school (
  id          bigserial PRIMARY KEY,
  district_id bigint NOT NULL REFERENCES district (id),
  code        text NOT NULL UNIQUE CHECK (code <> ''),
  name        text NOT NULL CHECK (name <> ''),
  stage       text NOT NULL
              CHECK (stage IN ('primary', 'junior', 'senior', 'nine-year', 'twelve-year')),
  UNIQUE (id, district_id)
);
CREATE INDEX school_district ON school (district_id);

CREATE TABLE school_class (
  id        bigserial PRIMARY KEY,
  school_id bigint NOT NULL REFERENCES school (id),
  grade     smallint NOT NULL CHECK (grade BETWEEN 1 AND 12),
  name      text NOT NULL CHECK (name <> ''),
  UNIQUE (school_id, grade, name),
  UNIQUE (id, school_id, grade)
);

CREATE TABLE student (
  id               bigserial PRIMARY KEY,
  school_id        bigint NOT NULL,
  class_id         bigint NOT NULL,
  district_id      bigint NOT NULL,
  grade            smallint NOT NULL CHECK (grade BETWEEN 1 AND 12),
  sex              char(1) NOT NULL CHECK (sex IN ('F', 'M')),
  birth_year       smallint NOT NULL CHECK (birth_year BETWEEN 1990 AND 2100),
  student_no       text NOT NULL CHECK (student_no <> ''),
  name_enc         bytea NOT NULL,
  consent_guardian boolean NOT NULL DEFAULT false,
  consent_at       timestamptz,
  UNIQUE (school_id, student_no),
  FOREIGN KEY (school_id, district_id) REFERENCES school (id, district_id),
  FOREIGN KEY (class_id, school_id, grade) REFERENCES school_class (id, school_id, grade)
);
CREATE INDEX student_class ON student (class_id);
CREATE INDEX student_district ON student (district_id);

COMMENT ON COLUMN student.name_enc IS
  'AES-256-GCM: version byte, key id byte, 12-byte nonce, ciphertext and tag (NameCipher)';
COMMENT ON COLUMN student.student_no IS 'the school''s own student number, unique per school';
