package org.huxin.engine.staff;

/**
 * Where an account's role applies, with every id that its narrowest unit implies: a head teacher's
 * class gives her school and district, a psychologist's school her district. Null where the role
 * has none (a city admin, ops).
 */
public record Scope(Long districtId, Long schoolId, Long classId) {}
