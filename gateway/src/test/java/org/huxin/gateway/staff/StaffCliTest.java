package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.Store;
import org.huxin.gateway.GatewayApp;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code ./huxin staff} end to end on a fresh database with no demo: the first city admin is
 * created from the command line, signs in to a gateway with the one-time password, must change it,
 * and is then let in; the command line disables her (her session ends on the running node) and
 * resets her password. Bad commands fail with a message and the right exit code.
 */
@DatabaseTest
class StaffCliTest {
  private static final Pattern ONE_TIME = Pattern.compile("one-time password .*: (\\S+)");

  private static TestDatabase db;
  private static Map<String, String> env;
  private static final MutableClock CLOCK = new MutableClock(GatewayFixture.START);
  private static Vertx vertx;
  private static Store store;
  private static GatewayApp app;
  private static long district;

  @BeforeAll
  static void freshDatabase() throws Exception {
    db = TestDatabase.create(StaffCliTest.class);
    env = GatewayFixture.env(db, Files.createTempDirectory("huxin-staff-cli"), 0);
    district = new RosterStore(db.dataSource()).createDistrict("D9", "历城区", null);
    new RosterStore(db.dataSource()).createSchool(district, "S9", "第九中学", SchoolStage.JUNIOR);
  }

  @AfterAll
  static void drop() {
    if (app != null) {
      GatewayFixture.await(app.close());
      GatewayFixture.await(vertx.close());
      store.close();
    }
    db.close();
  }

  private record Run(int code, String out, String err) {}

  private static Run cli(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        new StaffCli(
                env,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                CLOCK)
            .run(args);
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static String oneTimePassword(Run run) {
    Matcher m = ONE_TIME.matcher(run.out());
    assertTrue(m.find(), run.out());
    return m.group(1);
  }

  @Test
  void firstCityAdmin_fromTheCommandLine_signsInChangesPassword_thenDisabledAndReset()
      throws Exception {
    Run added =
        cli("staff", "add", "--role", "city_admin", "--username", "first.admin", "--name", "市管理员");
    assertEquals(0, added.code(), added.err());
    String password = oneTimePassword(added);
    assertEquals(19, password.length(), "16 characters in groups of four");
    assertEquals(1, cliAuditRows("staff_create"));

    startGateway();
    Http console = new Http(app.port());
    HttpResponse<String> login = login(console, "first.admin", password);
    assertEquals(200, login.statusCode(), login.body());
    assertEquals("change_password", new JsonObject(login.body()).getString("pending"));
    assertEquals(403, console.get("/api/staff/windows").statusCode());
    HttpResponse<String> changed =
        console.postJson(
            "/api/staff/password",
            new JsonObject()
                .put("currentPassword", password)
                .put("newPassword", "城市管理员的长密码2026")
                .encode());
    assertEquals(200, changed.statusCode(), changed.body());
    assertEquals(200, console.get("/api/staff/windows").statusCode());

    Run list = cli("staff", "list", "--role", "city_admin");
    assertEquals(0, list.code(), list.err());
    assertTrue(list.out().contains("first.admin (city_admin)"), list.out());
    assertFalse(list.out().contains("one-time-password"), "changed: " + list.out());

    Run disabled = cli("staff", "disable", "--username", "first.admin");
    assertEquals(0, disabled.code(), disabled.err());
    int status =
        Eventually.await(
            "the running node refusing the disabled admin's session",
            StaffSessions.POLL.plusSeconds(3),
            () ->
                Optional.of(console.get("/api/staff/me").statusCode())
                    .filter(s -> s.intValue() != 200));
    assertEquals(401, status, "the running node refused the disabled admin's session");
    assertEquals(401, login(new Http(app.port()), "first.admin", "城市管理员的长密码2026").statusCode());

    assertEquals(0, cli("staff", "enable", "--username", "first.admin").code());
    Run reset = cli("staff", "reset-password", "--username", "first.admin");
    assertEquals(0, reset.code(), reset.err());
    String again = oneTimePassword(reset);
    assertFalse(again.equals(password));
    assertEquals(401, login(new Http(app.port()), "first.admin", "城市管理员的长密码2026").statusCode());
    HttpResponse<String> fresh = login(new Http(app.port()), "first.admin", again);
    assertEquals(200, fresh.statusCode(), fresh.body());
    assertEquals("change_password", new JsonObject(fresh.body()).getString("pending"));
    assertEquals(1, cliAuditRows("staff_disable"));
    assertEquals(1, cliAuditRows("staff_reset_password"));
  }

  @Test
  void add_scopeRulesAndUsage() {
    Run noDistrict =
        cli("staff", "add", "--role", "district_admin", "--username", "d.admin", "--name", "区");
    assertEquals(1, noDistrict.code());
    assertTrue(noDistrict.err().contains("needs a district"), noDistrict.err());
    Run unknown =
        cli(
            "staff",
            "add",
            "--role",
            "district_admin",
            "--username",
            "d.admin",
            "--name",
            "区",
            "--district",
            "99999");
    assertEquals(1, unknown.code());
    assertTrue(unknown.err().contains("district 99999 does not exist"), unknown.err());
    Run ok =
        cli(
            "staff",
            "add",
            "--role",
            "district_admin",
            "--username",
            "d.admin",
            "--name",
            "区",
            "--district",
            Long.toString(district));
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("district " + district), ok.out());
    Run taken = cli("staff", "add", "--role", "ops", "--username", "d.admin", "--name", "运维");
    assertEquals(1, taken.code());
    assertTrue(taken.err().contains("taken"), taken.err());
    assertEquals(2, cli("staff", "add", "--role").code());
    assertEquals(2, cli("staff", "remove", "--username", "d.admin").code());
    assertEquals(1, cli("staff", "disable", "--username", "nobody").code());
  }

  private static HttpResponse<String> login(Http client, String username, String password) {
    return client.postJson(
        "/api/staff/login",
        new JsonObject().put("username", username).put("password", password).encode());
  }

  /** Audit rows of {@code action} by the command line about the account {@code first.admin}. */
  private static long cliAuditRows(String action) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM audit a JOIN staff_account x"
                    + " ON a.subject = 'staff account ' || x.id AND x.username = 'first.admin'"
                    + " WHERE a.actor_role = 'cli' AND a.actor_id IS NULL AND a.action = '"
                    + action
                    + "'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void startGateway() throws Exception {
    Map<String, String> gatewayEnv = new java.util.HashMap<>(env);
    gatewayEnv.put("HUXIN_HTTP_PORT", Integer.toString(GatewayFixture.freePort()));
    vertx = Vertx.vertx();
    store = db.openStore();
    app =
        GatewayFixture.await(
            GatewayApp.start(vertx, GatewayConfig.fromEnv(gatewayEnv), store, CLOCK));
  }
}
