-- Staff accounts. The role decides the scope: a district admin needs a district, a school
-- psychologist a school, a head teacher a class. Password hashes are made by the gateway.

CREATE TABLE staff_account (
  id            bigserial PRIMARY KEY,
  username      text NOT NULL UNIQUE CHECK (username <> ''),
  password_hash text NOT NULL CHECK (password_hash <> ''),
  role          text NOT NULL CHECK (role IN
                  ('city_admin', 'district_admin', 'school_psychologist', 'head_teacher', 'ops')),
  district_id   bigint REFERENCES district (id),
  school_id     bigint REFERENCES school (id),
  class_id      bigint REFERENCES school_class (id),
  display_name  text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  disabled      boolean NOT NULL DEFAULT false,
  CHECK (role <> 'district_admin' OR district_id IS NOT NULL),
  CHECK (role <> 'school_psychologist' OR school_id IS NOT NULL),
  CHECK (role <> 'head_teacher' OR (school_id IS NOT NULL AND class_id IS NOT NULL))
);
