package org.huxin.engine.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Account changes are durable with their audit row and end the account's sessions in the same
 * transaction; a session row says whether it is live.
 */
@DatabaseTest
class StaffAccountStoreTest {
  private static final Instant T0 = Instant.parse("2026-10-12T08:00:00Z");

  private static TestDatabase db;
  private static StaffAccountStore accounts;
  private static SessionStore sessions;
  private static long district;
  private static long school;
  private static long schoolClass;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(StaffAccountStoreTest.class);
    accounts = new StaffAccountStore(db.dataSource());
    sessions = new SessionStore(db.dataSource());
    RosterStore roster = new RosterStore(db.dataSource());
    district = roster.createDistrict("D01", "历下区", null);
    school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);
    schoolClass = roster.createClass(school, 4, "2班");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static ManagedAccount psychologist(String username) {
    return accounts.create(
        Actor.cli(),
        new NewStaffAccount(
            username,
            "$argon2id$one-time",
            StaffRole.SCHOOL_PSYCHOLOGIST,
            district,
            school,
            null,
            "心理老师"),
        true);
  }

  @Test
  void create_oneTimePassword_mustChangeAndAudited() throws SQLException {
    ManagedAccount created = psychologist("psy.create");

    assertTrue(created.id() > 127, "ids above 127: " + created.id());
    assertTrue(created.mustChangePassword());
    assertFalse(created.totp());
    assertEquals(created, accounts.findByUsername("psy.create").orElseThrow());
    assertEquals(1, auditRows("staff_create", created.id()));
    assertThrows(DuplicateKeyException.class, () -> psychologist("psy.create"));
  }

  @Test
  void disable_revokesEveryLiveSessionAndIsAudited() throws SQLException {
    ManagedAccount a = psychologist("psy.disable");
    Actor admin = Actor.cli();
    StaffSession first = sessions.signIn(Actor.of(a.id(), StaffRole.SCHOOL_PSYCHOLOGIST), T0, "pw");
    StaffSession second =
        sessions.signIn(Actor.of(a.id(), StaffRole.SCHOOL_PSYCHOLOGIST), T0, "pw");
    assertTrue(sessions.find(first.id()).orElseThrow().live());

    AccountChange change = accounts.setDisabled(admin, a.id(), true, T0.plusSeconds(60));

    assertTrue(change.account().account().disabled());
    assertEquals(Set.of(first.id(), second.id()), Set.copyOf(change.revokedSessions()));
    StaffSession read = sessions.find(first.id()).orElseThrow();
    assertFalse(read.live());
    assertEquals("disabled", read.reason());
    assertEquals(T0.plusSeconds(60), read.revokedAt());
    assertTrue(
        sessions.revokedSince(T0.plusSeconds(30)).containsAll(List.of(first.id(), second.id())));
    assertEquals(1, auditRows("staff_disable", a.id()));
    assertEquals(2, auditRows("staff_sign_in", a.id()));

    AccountChange enabled = accounts.setDisabled(admin, a.id(), false, T0.plusSeconds(120));
    assertFalse(enabled.account().account().disabled());
    assertEquals(List.of(), enabled.revokedSessions());
    assertFalse(sessions.find(first.id()).orElseThrow().live(), "enabling revives no session");
  }

  @Test
  void resetThenChangePassword_flagFollows() {
    ManagedAccount a = psychologist("psy.reset");
    AccountChange changed =
        accounts.changePassword(
            a.id(), "$argon2id$own", StaffRole.SCHOOL_PSYCHOLOGIST, T0.plusSeconds(5));
    assertFalse(changed.account().mustChangePassword());
    assertEquals(T0.plusSeconds(5), changed.account().passwordChangedAt());
    StaffSession s = sessions.signIn(Actor.of(a.id(), StaffRole.SCHOOL_PSYCHOLOGIST), T0, "pw");

    AccountChange reset =
        accounts.resetPassword(Actor.cli(), a.id(), "$argon2id$again", T0.plusSeconds(9));

    assertTrue(reset.account().mustChangePassword());
    assertEquals(List.of(s.id()), reset.revokedSessions());
    assertEquals("$argon2id$again", reset.account().account().passwordHash());
  }

  @Test
  void changeScope_toHeadTeacherWithoutClass_refusedAndNothingChanges() {
    ManagedAccount a = psychologist("psy.scope");
    assertThrows(
        IllegalArgumentException.class,
        () ->
            accounts.changeScope(
                Actor.cli(), a.id(), StaffRole.HEAD_TEACHER, district, school, null, T0));
    assertEquals(
        StaffRole.SCHOOL_PSYCHOLOGIST, accounts.find(a.id()).orElseThrow().account().role());

    AccountChange moved =
        accounts.changeScope(
            Actor.cli(), a.id(), StaffRole.HEAD_TEACHER, district, school, schoolClass, T0);
    assertEquals(StaffRole.HEAD_TEACHER, moved.account().account().role());
    assertEquals(schoolClass, moved.account().account().classId());
  }

  @Test
  void change_unknownAccount_failsTyped() {
    assertThrows(
        NoSuchAccountException.class, () -> accounts.setDisabled(Actor.cli(), 99_999, true, T0));
  }

  @Test
  void signOut_endsOnlyThatSession_touchMovesForward() {
    ManagedAccount a = psychologist("psy.signout");
    Actor self = Actor.of(a.id(), StaffRole.SCHOOL_PSYCHOLOGIST);
    StaffSession kept = sessions.signIn(self, T0, "pw");
    StaffSession ended = sessions.signIn(self, T0, "pw");

    assertTrue(sessions.signOut(self, ended.id(), T0.plusSeconds(1)));
    assertFalse(sessions.signOut(self, ended.id(), T0.plusSeconds(2)), "already ended");
    sessions.touch(kept.id(), T0.plus(Duration.ofMinutes(3)));
    sessions.touch(kept.id(), T0.plus(Duration.ofMinutes(1)));

    assertEquals("logout", sessions.find(ended.id()).orElseThrow().reason());
    StaffSession live = sessions.find(kept.id()).orElseThrow();
    assertTrue(live.live());
    assertEquals(T0.plus(Duration.ofMinutes(3)), live.lastSeen());
    assertTrue(sessions.find(UUID.randomUUID()).isEmpty());
  }

  private static long auditRows(String action, long accountId) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM audit WHERE action = ? AND subject = ?")) {
      ps.setString(1, action);
      ps.setString(2, "staff account " + accountId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
