package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.staff.Actor;
import org.huxin.engine.staff.ManagedAccount;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffAccountStore;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Staff sessions end when they should, on one node: logout (and its open crisis feed with it), an
 * account disabled behind the node's back (found by the node's own re-read), the idle timeout by
 * the injected clock, and a one-time password that allows nothing but its own change.
 */
@DatabaseTest
class StaffSessionTest {
  private static GatewayFixture gw;
  private static StaffAccountStore accounts;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StaffSessionTest.class, Map.of("HUXIN_STAFF_IDLE_MINUTES", "30"));
    accounts = new StaffAccountStore();
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void logout_oldCookieRefusedAndOpenFeedEnds() throws Exception {
    Http console = gw.staffSession("city");
    Http.Stream feed = console.stream("/api/staff/alerts/stream");
    assertEquals(": huxin crisis feed", feed.lines().poll(30, TimeUnit.SECONDS));
    String cookie = console.cookieHeader();

    assertEquals(204, console.postJson("/api/staff/logout", "{}").statusCode());

    assertEquals(200, feed.ended().get(5, TimeUnit.SECONDS), "the feed ended within 5 s");
    HttpResponse<String> replayed = new Http(gw.app.port()).get("/api/staff/me", "Cookie", cookie);
    assertEquals(401, replayed.statusCode(), "the signed-out cookie is refused");
    assertEquals(1, auditRows("staff_sign_out", "city"));
  }

  @Test
  void logout_opsCookieNoLongerReadsMetrics() {
    Http ops = gw.staffSession("ops");
    // Not a local scrape: a proxy's header makes the request remote, so the cookie decides.
    String[] remote = {"X-Forwarded-For", "198.51.100.3"};
    assertEquals(200, ops.get("/metrics", remote).statusCode());
    String cookie = ops.cookieHeader();
    assertEquals(204, ops.postJson("/api/staff/logout", "{}").statusCode());
    HttpResponse<String> replayed =
        new Http(gw.app.port()).get("/metrics", remote[0], remote[1], "Cookie", cookie);
    assertEquals(401, replayed.statusCode(), replayed.body());
  }

  @Test
  void disabledInTheStoreAlone_refusedAfterTheNodesReread() throws Exception {
    ManagedAccount a = account("disabled.quietly", false);
    Http console = signIn("disabled.quietly", GatewayFixture.PASSWORD);
    assertEquals(200, console.get("/api/staff/me").statusCode());
    Http.Stream feed = console.stream("/api/staff/alerts/stream");
    assertEquals(": huxin crisis feed", feed.lines().poll(30, TimeUnit.SECONDS));

    // No notice on the event bus: only the node's periodic re-read can learn of it.
    gw.db
        .pool()
        .withTransaction(
            tx -> accounts.setDisabled(tx, Actor.cli(), a.id(), true, gw.clock.instant()))
        .await();

    Duration within = StaffSessions.POLL.plusSeconds(3);
    assertEquals(200, feed.ended().get(within.toSeconds(), TimeUnit.SECONDS));
    assertEquals(401, console.get("/api/staff/me").statusCode());
  }

  @Test
  void idle_unusedForTheTimeout_refusedAndRevoked() throws Exception {
    account("idle.one", false);
    Http used = signIn("idle.one", GatewayFixture.PASSWORD);
    Http idle = signIn("idle.one", GatewayFixture.PASSWORD);

    gw.clock.advance(Duration.ofMinutes(29));
    assertEquals(200, used.get("/api/staff/me").statusCode(), "29 minutes idle");
    gw.clock.advance(Duration.ofMinutes(29));
    assertEquals(200, used.get("/api/staff/me").statusCode(), "used 29 minutes ago");
    HttpResponse<String> late = idle.get("/api/staff/me");

    assertEquals(401, late.statusCode(), "58 minutes idle: " + late.body());
    assertEquals(1, revokedSessions("idle.one", "idle"));
    assertEquals(200, used.get("/api/staff/me").statusCode(), "the used session lives on");
  }

  @Test
  void oneTimePassword_onlyItsChangeAllowed_thenANewSession() throws Exception {
    account("first.signin", true);
    Http console = signIn("first.signin", GatewayFixture.PASSWORD);
    assertEquals(
        "change_password",
        new JsonObject(console.get("/api/staff/me").body()).getString("pending"));
    HttpResponse<String> refused = console.get("/api/staff/windows");
    assertEquals(403, refused.statusCode());
    assertEquals("change_password", new JsonObject(refused.body()).getString("error"));
    String oneTimeCookie = console.cookieHeader();

    HttpResponse<String> weak = changePassword(console, GatewayFixture.PASSWORD, "password123");
    assertEquals(422, weak.statusCode(), weak.body());
    assertEquals(
        403, changePassword(console, "not-the-password", "a-long-new-passphrase").statusCode());
    HttpResponse<String> changed =
        changePassword(console, GatewayFixture.PASSWORD, "a-long-new-passphrase");

    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(200, console.get("/api/staff/windows").statusCode(), "the new session may");
    assertEquals(
        401,
        new Http(gw.app.port()).get("/api/staff/me", "Cookie", oneTimeCookie).statusCode(),
        "the one-time session ended");
    assertEquals(401, login("first.signin", GatewayFixture.PASSWORD).statusCode());
    assertEquals(200, login("first.signin", "a-long-new-passphrase").statusCode());
  }

  private static HttpResponse<String> changePassword(Http console, String current, String next) {
    return console.postJson(
        "/api/staff/password",
        new JsonObject().put("currentPassword", current).put("newPassword", next).encode());
  }

  private static ManagedAccount account(String username, boolean oneTime) {
    String hash = PasswordHasher.hash(GatewayFixture.PASSWORD);
    return gw.db
        .pool()
        .withTransaction(
            tx ->
                accounts.create(
                    tx,
                    Actor.cli(),
                    new NewStaffAccount(
                        username,
                        hash,
                        StaffRole.SCHOOL_PSYCHOLOGIST,
                        gw.studentA().districtId(),
                        gw.studentA().schoolId(),
                        null,
                        "测试"),
                    oneTime))
        .await();
  }

  private static HttpResponse<String> login(String username, String password) {
    return new Http(gw.app.port())
        .postJson(
            "/api/staff/login",
            new JsonObject().put("username", username).put("password", password).encode());
  }

  private static Http signIn(String username, String password) {
    Http session = new Http(gw.app.port());
    HttpResponse<String> r =
        session.postJson(
            "/api/staff/login",
            new JsonObject().put("username", username).put("password", password).encode());
    assertEquals(200, r.statusCode(), r.body());
    return session;
  }

  private static long auditRows(String action, String username) throws SQLException {
    return count(
        "SELECT count(*) FROM audit a JOIN staff_account s ON a.subject = 'staff account ' || s.id"
            + " WHERE a.action = ? AND s.username = ?",
        action,
        username);
  }

  private static long revokedSessions(String username, String reason) throws SQLException {
    return count(
        "SELECT count(*) FROM staff_session x JOIN staff_account s ON s.id = x.account_id"
            + " WHERE x.reason = ? AND s.username = ?",
        reason,
        username);
  }

  private static long count(String sql, String first, String second) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, first);
      ps.setString(2, second);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        assertTrue(rs.getLong(1) >= 0);
        return rs.getLong(1);
      }
    }
  }
}
