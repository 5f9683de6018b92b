package org.huxin.engine.staff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
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
    accounts = new StaffAccountStore();
    sessions = new SessionStore();
    RosterStore roster = new RosterStore(db.dataSource());
    district = roster.createDistrict("D01", "历下区", null);
    school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);
    schoolClass = roster.createClass(school, 4, "2班");
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  /** Runs {@code work} in one transaction on the test pool, as the gateway does, and waits. */
  static <T> T tx(Function<SqlConnection, Future<T>> work) {
    return db.pool().withTransaction(work).await();
  }

  private static ManagedAccount psychologist(String username) {
    return tx(
        c ->
            accounts.create(
                c,
                Actor.cli(),
                new NewStaffAccount(
                    username,
                    "$argon2id$one-time",
                    StaffRole.SCHOOL_PSYCHOLOGIST,
                    district,
                    school,
                    null,
                    "心理老师"),
                true));
  }

  private static StaffSession signIn(ManagedAccount a) {
    return tx(c -> sessions.signIn(c, Actor.of(a.id(), StaffRole.SCHOOL_PSYCHOLOGIST), T0, "pw"));
  }

  @Test
  void create_oneTimePassword_mustChangeAndAudited() throws SQLException {
    ManagedAccount created = psychologist("psy.create");

    assertTrue(created.id() > 127, "ids above 127: " + created.id());
    assertTrue(created.mustChangePassword());
    assertFalse(created.totp());
    assertEquals(created, accounts.findByUsername(db.pool(), "psy.create").await().orElseThrow());
    assertEquals(1, auditRows("staff_create", created.id()));
    assertThrows(DuplicateKeyException.class, () -> psychologist("psy.create"));
  }

  @Test
  void disable_revokesEveryLiveSessionAndIsAudited() throws SQLException {
    ManagedAccount a = psychologist("psy.disable");
    Actor admin = Actor.cli();
    StaffSession first = signIn(a);
    StaffSession second = signIn(a);
    assertTrue(sessions.find(db.pool(), first.id()).await().orElseThrow().live());

    AccountChange change =
        tx(c -> accounts.setDisabled(c, admin, a.id(), true, T0.plusSeconds(60)));

    assertTrue(change.account().account().disabled());
    assertEquals(Set.of(first.id(), second.id()), Set.copyOf(change.revokedSessions()));
    StaffSession read = sessions.find(db.pool(), first.id()).await().orElseThrow();
    assertFalse(read.live());
    assertEquals("disabled", read.reason());
    assertEquals(T0.plusSeconds(60), read.revokedAt());
    assertTrue(
        sessions
            .revokedSince(db.pool(), T0.plusSeconds(30))
            .await()
            .containsAll(List.of(first.id(), second.id())));
    assertEquals(1, auditRows("staff_disable", a.id()));
    assertEquals(2, auditRows("staff_sign_in", a.id()));

    AccountChange enabled =
        tx(c -> accounts.setDisabled(c, admin, a.id(), false, T0.plusSeconds(120)));
    assertFalse(enabled.account().account().disabled());
    assertEquals(List.of(), enabled.revokedSessions());
    assertFalse(
        sessions.find(db.pool(), first.id()).await().orElseThrow().live(),
        "enabling revives no session");
  }

  @Test
  void resetThenChangePassword_flagFollows() {
    ManagedAccount a = psychologist("psy.reset");
    AccountChange changed =
        tx(
            c ->
                accounts.changePassword(
                    c, a.id(), "$argon2id$own", StaffRole.SCHOOL_PSYCHOLOGIST, T0.plusSeconds(5)));
    assertFalse(changed.account().mustChangePassword());
    assertEquals(T0.plusSeconds(5), changed.account().passwordChangedAt());
    StaffSession s = signIn(a);

    AccountChange reset =
        tx(
            c ->
                accounts.resetPassword(
                    c, Actor.cli(), a.id(), "$argon2id$again", T0.plusSeconds(9)));

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
            tx(
                c ->
                    accounts.changeScope(
                        c,
                        Actor.cli(),
                        a.id(),
                        StaffRole.HEAD_TEACHER,
                        district,
                        school,
                        null,
                        T0)));
    assertEquals(
        StaffRole.SCHOOL_PSYCHOLOGIST,
        accounts.find(db.pool(), a.id()).await().orElseThrow().account().role());

    AccountChange moved =
        tx(
            c ->
                accounts.changeScope(
                    c,
                    Actor.cli(),
                    a.id(),
                    StaffRole.HEAD_TEACHER,
                    district,
                    school,
                    schoolClass,
                    T0));
    assertEquals(StaffRole.HEAD_TEACHER, moved.account().account().role());
    assertEquals(schoolClass, moved.account().account().classId());
  }

  @Test
  void change_unknownAccount_failsTyped() throws SQLException {
    assertThrows(
        NoSuchAccountException.class,
        () -> tx(c -> accounts.setDisabled(c, Actor.cli(), 99_999, true, T0)));
    assertEquals(0, auditRows("staff_disable", 99_999), "the audit row rolled back with it");
  }

  @Test
  void scopeOf_fillsWiderUnitsAndRefusesWhatDoesNotFit() {
    assertEquals(
        new Scope(district, school, schoolClass),
        accounts.scopeOf(db.pool(), StaffRole.HEAD_TEACHER, null, null, schoolClass).await());
    assertEquals(
        new Scope(district, school, null),
        accounts.scopeOf(db.pool(), StaffRole.SCHOOL_PSYCHOLOGIST, district, school, null).await());
    assertThrows(
        NoSuchUnitException.class,
        () ->
            accounts
                .scopeOf(db.pool(), StaffRole.HEAD_TEACHER, district + 1, null, schoolClass)
                .await());
    assertThrows(
        NoSuchUnitException.class,
        () -> accounts.scopeOf(db.pool(), StaffRole.DISTRICT_ADMIN, 99_999L, null, null).await());
    IllegalArgumentException noDistrict =
        assertThrows(
            IllegalArgumentException.class,
            () -> accounts.scopeOf(db.pool(), StaffRole.CITY_ADMIN, district, null, null).await());
    assertFalse(noDistrict instanceof NoSuchUnitException, noDistrict.toString());
  }

  @Test
  void totpSecret_storedEncryptedThenRemovedWithTheSessions() {
    ManagedAccount a = psychologist("psy.totp");
    assertTrue(accounts.totpSecret(db.pool(), a.id()).await().isEmpty());
    byte[] sealed = {1, 2, 3, (byte) 0xff};

    AccountChange enrolled =
        tx(c -> accounts.setTotpSecret(c, Actor.cli(), a.id(), sealed, T0.plusSeconds(1)));
    StaffSession s = signIn(a);

    assertTrue(enrolled.account().totp());
    assertEquals(List.of(), enrolled.revokedSessions(), "enrolling ends no session");
    assertArrayEquals(sealed, accounts.totpSecret(db.pool(), a.id()).await().orElseThrow());
    AccountChange removed =
        tx(c -> accounts.setTotpSecret(c, Actor.cli(), a.id(), null, T0.plusSeconds(2)));
    assertFalse(removed.account().totp());
    assertEquals(List.of(s.id()), removed.revokedSessions());
    assertTrue(accounts.totpSecret(db.pool(), a.id()).await().isEmpty());
  }

  @Test
  void list_filtersByRoleAndScope() {
    psychologist("psy.list");
    List<ManagedAccount> found =
        accounts.list(db.pool(), StaffRole.SCHOOL_PSYCHOLOGIST, district, school, 1_000).await();
    assertTrue(found.stream().anyMatch(m -> m.account().username().equals("psy.list")));
    assertTrue(
        accounts.list(db.pool(), StaffRole.HEAD_TEACHER, null, null, 1_000).await().stream()
            .noneMatch(m -> m.account().username().equals("psy.list")));
    assertEquals(1, accounts.list(db.pool(), null, null, null, 1).await().size());
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
