package org.huxin.engine.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.StoreException;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A session row and its audit row are written together; sign-out, the idle revocation and the touch
 * change only the session they name; the re-read of revoked sessions finds them.
 */
@DatabaseTest
class SessionStoreTest {
  private static final Instant T0 = Instant.parse("2026-10-12T08:00:00Z");

  private static TestDatabase db;
  private static final SessionStore sessions = new SessionStore();
  private static final StaffAccountStore accounts = new StaffAccountStore();
  private static long school;
  private static long district;

  @BeforeAll
  static void createDatabase() {
    db = TestDatabase.create(SessionStoreTest.class);
    RosterStore roster = new RosterStore(db.dataSource());
    district = roster.createDistrict("D01", "历下区", null);
    school = roster.createSchool(district, "S0101", "第一小学", SchoolStage.PRIMARY);
  }

  @AfterAll
  static void dropDatabase() {
    db.close();
  }

  private static <T> T tx(Function<SqlConnection, Future<T>> work) {
    return db.pool().withTransaction(work).await();
  }

  private static Actor account(String username) {
    ManagedAccount a =
        tx(
            c ->
                accounts.create(
                    c,
                    Actor.cli(),
                    new NewStaffAccount(
                        username,
                        "$argon2id$x",
                        StaffRole.SCHOOL_PSYCHOLOGIST,
                        district,
                        school,
                        null,
                        "心理老师"),
                    false));
    return Actor.of(a.id(), StaffRole.SCHOOL_PSYCHOLOGIST);
  }

  @Test
  void signIn_sessionAndAuditRowTogether() {
    Actor self = account("psy.signin");
    StaffSession s = tx(c -> sessions.signIn(c, self, T0, "password; 198.51.100.7"));

    StaffSession read = sessions.find(db.pool(), s.id()).await().orElseThrow();
    assertEquals(s, read);
    assertTrue(read.live());
    assertEquals(1, auditRows("staff_sign_in", self.accountId(), "password; 198.51.100.7"));

    Actor nobody = Actor.of(99_999, StaffRole.SCHOOL_PSYCHOLOGIST);
    assertThrows(StoreException.class, () -> tx(c -> sessions.signIn(c, nobody, T0, "ghost")));
    assertEquals(0, auditRows("staff_sign_in", 99_999, "ghost"), "the audit row rolled back");

    // On the pool, without a transaction: still both or neither (one statement).
    StaffSession alone = sessions.signIn(db.pool(), self, T0, "pool").await();
    assertTrue(sessions.find(db.pool(), alone.id()).await().orElseThrow().live());
    assertEquals(1, auditRows("staff_sign_in", self.accountId(), "pool"));
    assertThrows(
        StoreException.class, () -> sessions.signIn(db.pool(), nobody, T0, "ghost alone").await());
    assertEquals(0, auditRows("staff_sign_in", 99_999, "ghost alone"), "no audit row either");
  }

  @Test
  void signOut_endsOnlyThatSession_touchMovesForward() {
    Actor self = account("psy.signout");
    StaffSession kept = tx(c -> sessions.signIn(c, self, T0, "pw"));
    StaffSession ended = tx(c -> sessions.signIn(c, self, T0, "pw"));

    boolean first = tx(c -> sessions.signOut(c, self, ended.id(), T0.plusSeconds(1)));
    boolean again = tx(c -> sessions.signOut(c, self, ended.id(), T0.plusSeconds(2)));
    assertTrue(first);
    assertFalse(again, "already ended");
    sessions.touch(db.pool(), kept.id(), T0.plus(Duration.ofMinutes(3))).await();
    sessions.touch(db.pool(), kept.id(), T0.plus(Duration.ofMinutes(1))).await();

    assertEquals("logout", sessions.find(db.pool(), ended.id()).await().orElseThrow().reason());
    StaffSession live = sessions.find(db.pool(), kept.id()).await().orElseThrow();
    assertTrue(live.live());
    assertEquals(T0.plus(Duration.ofMinutes(3)), live.lastSeen());
    assertTrue(sessions.find(db.pool(), UUID.randomUUID()).await().isEmpty());
    assertEquals(2, auditRows("staff_sign_out", self.accountId(), null));
  }

  @Test
  void revoke_idleOnce_listedSinceItsTime() {
    Actor self = account("psy.idle");
    StaffSession s = tx(c -> sessions.signIn(c, self, T0, "pw"));
    Instant at = T0.plus(Duration.ofHours(1));

    assertTrue(sessions.revoke(db.pool(), s.id(), at, "idle").await());
    assertFalse(sessions.revoke(db.pool(), s.id(), at.plusSeconds(1), "idle").await());

    StaffSession read = sessions.find(db.pool(), s.id()).await().orElseThrow();
    assertEquals("idle", read.reason());
    assertEquals(at, read.revokedAt());
    assertTrue(sessions.revokedSince(db.pool(), at).await().contains(s.id()));
    assertFalse(sessions.revokedSince(db.pool(), at.plusSeconds(1)).await().contains(s.id()));
    assertEquals(List.of(), sessions.revokedSince(db.pool(), at.plus(Duration.ofDays(1))).await());
  }

  private static long auditRows(String action, long accountId, String reason) {
    return db.pool()
        .preparedQuery(
            "SELECT count(*) FROM audit WHERE action = $1 AND subject = $2"
                + " AND reason IS NOT DISTINCT FROM $3")
        .execute(Tuple.of(action, "staff account " + accountId, reason))
        .map(rows -> rows.iterator().next().getLong(0))
        .await();
  }
}
