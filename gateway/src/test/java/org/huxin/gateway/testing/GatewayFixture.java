package org.huxin.gateway.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.GatewayApp;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.http.Readiness;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.gateway.student.HelpContacts;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;

/**
 * A running gateway over its own database: the demo city, one open window for grades 4–12 and the
 * staff accounts {@code city}, {@code district}, {@code psy} (school of {@link #studentA}), {@code
 * teacher} (class of {@link #studentA}), {@code psy-b} (school of {@link #otherSchoolStudent}) and
 * {@code ops}, all with password {@link #PASSWORD}.
 */
public final class GatewayFixture implements AutoCloseable {
  public static final String PASSWORD = "test-password-1";
  public static final byte[] TOKEN_SECRET =
      "gateway fixture token secret, 32+ bytes".getBytes(StandardCharsets.US_ASCII);
  public static final Instant START = Instant.parse("2026-10-12T08:00:00Z");

  public static final Map<String, String> BATTERIES =
      Map.of("4-6", "g4-6", "7-9", "g7-9", "10-12", "g10-12");

  public final TestDatabase db;
  public final Store store;
  public final MutableClock clock = new MutableClock(START);
  public final List<RosterEntry> roster;
  public final Window window;
  public final GatewayMetrics metrics = GatewayMetrics.create();
  public final Readiness readiness;
  public final Vertx vertx;
  public final GatewayApp app;
  public final Http http;
  public final Path home;

  private GatewayFixture(
      Class<?> owner, Map<String, String> overrides, Readiness readiness, int databasePort)
      throws IOException {
    this.readiness = readiness;
    db = TestDatabase.create(owner);
    store = databasePort == 0 ? db.openStore() : Store.open(db.storeConfig(4, databasePort));
    roster = TestRows.loadDemoCity(db.dataSource());
    Window created =
        new WindowStore(store.dataSource())
            .create(
                new NewWindow(
                    "fixture window",
                    List.of(),
                    List.of(),
                    4,
                    12,
                    BATTERIES,
                    START.minus(Duration.ofHours(1)),
                    START.plus(Duration.ofDays(7)),
                    HelpContacts.NATIONAL_JSON,
                    4,
                    NewWindow.DEFAULT_RULE_SET));
    window = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    String hash = PasswordHasher.hash(PASSWORD);
    RosterEntry a = studentA();
    new StaffStore(store.dataSource())
        .create(new NewStaffAccount("city", hash, StaffRole.CITY_ADMIN, null, null, null, "city"));
    new StaffStore(store.dataSource())
        .create(
            new NewStaffAccount(
                "district",
                hash,
                StaffRole.DISTRICT_ADMIN,
                a.districtId(),
                null,
                null,
                "district"));
    new StaffStore(store.dataSource())
        .create(
            new NewStaffAccount(
                "psy",
                hash,
                StaffRole.SCHOOL_PSYCHOLOGIST,
                a.districtId(),
                a.schoolId(),
                null,
                "psy"));
    new StaffStore(store.dataSource())
        .create(
            new NewStaffAccount(
                "teacher",
                hash,
                StaffRole.HEAD_TEACHER,
                a.districtId(),
                a.schoolId(),
                a.classId(),
                "teacher"));
    RosterEntry b = otherSchoolStudent();
    new StaffStore(store.dataSource())
        .create(
            new NewStaffAccount(
                "psy-b",
                hash,
                StaffRole.SCHOOL_PSYCHOLOGIST,
                b.districtId(),
                b.schoolId(),
                null,
                "psy-b"));
    new StaffStore(store.dataSource())
        .create(new NewStaffAccount("ops", hash, StaffRole.OPS, null, null, null, "ops"));
    home = homeWithTestDataKey("huxin-gateway-test");
    vertx = metrics.vertxBuilder(new VertxOptions().setEventLoopPoolSize(2)).build();
    GatewayConfig config =
        GatewayConfig.fromEnv(withOverrides(env(db, home, freePort()), overrides));
    app = await(GatewayApp.start(vertx, config, store, clock, null, metrics, readiness));
    http = new Http(app.port());
  }

  /**
   * A new gateway home holding the fixture's data key as its development key, so that every node
   * started on such a home shares one data key (as a cluster's nodes do in production).
   */
  public static Path homeWithTestDataKey(String prefix) throws java.io.IOException {
    Path home = Files.createTempDirectory(prefix);
    Files.writeString(home.resolve("dev-data-key"), testDataKey() + "\n");
    return home;
  }

  /**
   * Base64 of the key of {@link TestRows#cipher()} (bytes 1..32), written as the development data
   * key into the gateway's home so it decrypts the names the fixture loaded.
   */
  private static String testDataKey() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i + 1);
    }
    return java.util.Base64.getEncoder().encodeToString(key);
  }

  /**
   * The environment of a test gateway: this database, a free port on loopback (also its public URL,
   * the origin the console's requests come from), two event loops, the fixture's token secret, a
   * small, quick result writer and a day's staff idle timeout; everything else at its default.
   */
  public static Map<String, String> env(TestDatabase db, Path home, int port) {
    Map<String, String> env = new java.util.HashMap<>();
    env.put("HUXIN_HOME", home.toString());
    env.put("HUXIN_HTTP_HOST", "127.0.0.1");
    env.put("HUXIN_HTTP_PORT", Integer.toString(port));
    env.put("HUXIN_EVENT_LOOPS", "2");
    env.put("HUXIN_TOKEN_SECRET", java.util.Base64.getEncoder().encodeToString(TOKEN_SECRET));
    env.put("HUXIN_WRITER_BATCH", "64");
    env.put("HUXIN_WRITER_QUEUE", "1000");
    env.put("HUXIN_PUBLIC_URL", "http://127.0.0.1:" + port);
    env.putAll(db.env());
    env.put("HUXIN_PG_POOL", "4");
    // Tests move the shared clock on by hours and keep their sessions; the idle timeout has tests
    // of its own (StaffSessionTest), which set it back to the default.
    env.put("HUXIN_STAFF_IDLE_MINUTES", "1440");
    return env;
  }

  private static Map<String, String> withOverrides(
      Map<String, String> env, Map<String, String> overrides) {
    env.putAll(overrides);
    return env;
  }

  public static GatewayFixture start(Class<?> owner) {
    return start(owner, Map.of());
  }

  /** A gateway whose environment has {@code overrides} laid over the fixture's. */
  public static GatewayFixture start(Class<?> owner, Map<String, String> overrides) {
    return start(owner, overrides, Readiness.awaiting(Readiness.STORE, Readiness.HTTP));
  }

  /**
   * A gateway reporting to {@code readiness}, which may await more than the store and HTTP (a test
   * of {@code /health/ready} marks the rest itself).
   */
  public static GatewayFixture start(
      Class<?> owner, Map<String, String> overrides, Readiness readiness) {
    return start(owner, overrides, readiness, 0);
  }

  /**
   * A gateway whose store reaches the test database through {@code databasePort} on loopback (a
   * proxy in front of the embedded server, such as the chaos suite's delaying one); the fixture's
   * own seeding goes straight to the server.
   */
  public static GatewayFixture startBehind(
      Class<?> owner, Map<String, String> overrides, int databasePort) {
    return start(
        owner, overrides, Readiness.awaiting(Readiness.STORE, Readiness.HTTP), databasePort);
  }

  private static GatewayFixture start(
      Class<?> owner, Map<String, String> overrides, Readiness readiness, int databasePort) {
    try {
      return new GatewayFixture(owner, overrides, readiness, databasePort);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A consenting grade 7–9 student. */
  public RosterEntry studentA() {
    return roster.stream()
        .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
        .findFirst()
        .orElseThrow();
  }

  /**
   * A consenting student of grades 7–9 in another district and school than {@link #studentA}: the
   * account {@code psy-b} is this school's psychologist; {@code psy}, {@code district} and {@code
   * teacher} must never see this student.
   */
  public RosterEntry otherSchoolStudent() {
    RosterEntry a = studentA();
    return roster.stream()
        .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
        .filter(e -> e.districtId() != a.districtId() && e.schoolId() != a.schoolId())
        .findFirst()
        .orElseThrow();
  }

  /** The {@code n}-th consenting student of grades 7–9 (0 is {@link #studentA}). */
  public RosterEntry secondaryStudent(int n) {
    return roster.stream()
        .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
        .skip(n)
        .findFirst()
        .orElseThrow();
  }

  /** A new client signed in as the staff account {@code username} (password {@link #PASSWORD}). */
  public Http staffSession(String username) {
    Http session = new Http(app.port());
    java.net.http.HttpResponse<String> r =
        session.postJson(
            "/api/staff/login",
            "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("staff login of " + username + " failed: " + r.body());
    }
    return session;
  }

  public String codeOf(RosterEntry student) {
    return AccessCodes.code(window.codeSecret(), window.id(), student.id());
  }

  /** The JSON login body of {@code student} with their right code. */
  public String loginBody(RosterEntry student) {
    return loginBody(student.schoolCode(), student.studentNo(), codeOf(student));
  }

  public static String loginBody(String school, String number, String code) {
    return "{\"schoolCode\":\""
        + school
        + "\",\"studentNo\":\""
        + number
        + "\",\"accessCode\":\""
        + code
        + "\"}";
  }

  /** Re-reads windows into the running gateway after a test changed one in the store. */
  public void reloadWindows() {
    app.services().windows().reload().await();
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs {@code exchange} (a Vert.x client request and the reading of its answer) on {@code
   * context}, the one context a test's client is driven from. Started from a test thread, each
   * request gets a context of its own, not its pooled connection's: the client then completes
   * {@code send()} by a task queued on the request's context while the connection goes on to
   * deliver the answer's body and end, and a {@code response.body()} asked for after the end never
   * completes (Vert.x 5.0.10, eclipse-vertx/vert.x#5904). That hung NginxProxyTest's typo loop on
   * logins the gateway had answered; {@code KeepAliveLoginTest} shows it.
   */
  public static <T> io.vertx.core.Future<T> onContext(
      io.vertx.core.Context context,
      java.util.function.Supplier<io.vertx.core.Future<T>> exchange) {
    io.vertx.core.Promise<T> answer = io.vertx.core.Promise.promise();
    context.runOnContext(v -> exchange.get().onComplete(answer));
    return answer.future();
  }

  /** Opens a window for grades 1–3 (head teachers rate, nobody logs in) and reloads windows. */
  public Window openRatingWindow() {
    Window created =
        new WindowStore(store.dataSource())
            .create(
                new NewWindow(
                    "一至三年级评定",
                    List.of(),
                    List.of(),
                    1,
                    3,
                    Map.of("1-3", "g1-3-teacher"),
                    START.minus(Duration.ofHours(1)),
                    START.plus(Duration.ofDays(7)),
                    null,
                    4,
                    NewWindow.DEFAULT_RULE_SET));
    Window open = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    reloadWindows();
    return open;
  }

  /**
   * Stores a scored result of {@code student} in the fixture's window straight through the writer,
   * as if scored at {@code tier} (0 routine … 3 crisis); close and crisis results open a case.
   */
  public void storeResult(RosterEntry student, String form, int tier) {
    ResultRow row =
        TestRows.row(
            window.id(), student, form, tier, tier == 3, UUID.randomUUID(), clock.instant());
    try {
      app.services().writer().submit(row).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("storing a result of student " + student.id(), e);
    }
  }

  /**
   * Signs {@code student} in and submits a crisis answer (PHQ-9 item 9 at its top), asserting both
   * answer 200.
   */
  public void submitCrisis(RosterEntry student) {
    submitAnswers(student, (scale, item) -> scale.equals("phq9") && item.equals(9) ? 3 : 0);
  }

  /**
   * Signs {@code student} in and submits {@code valueOf(scale, item number)} for every item of the
   * questionnaire, started five minutes ago in zh-CN, asserting both answer 200.
   */
  public void submitAnswers(RosterEntry student, BiFunction<String, Integer, Integer> valueOf) {
    submitAnswers(http, loginBody(student), clock.instant(), valueOf);
  }

  /**
   * Signs in through {@code http} with {@code loginBody} and submits {@code valueOf(scale, item
   * number)} for every item, started five minutes before {@code now} in zh-CN, asserting that the
   * sign-in, the questionnaire and the submit each answer 200 (any gateway, or a proxy in front).
   */
  public static void submitAnswers(
      Http http, String loginBody, Instant now, BiFunction<String, Integer, Integer> valueOf) {
    HttpResponse<String> login = http.postJson("/api/student/login", loginBody);
    assertEquals(200, login.statusCode(), login.body());
    JsonObject session = new JsonObject(login.body());
    HttpResponse<String> form = http.get(session.getString("questionnaire"));
    assertEquals(200, form.statusCode(), form.body());
    JsonObject submit =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("locale", "zh-CN")
            .put("startedAt", now.minusSeconds(300).toString())
            .put("answers", StudentPathTest.answers(new JsonObject(form.body()), valueOf));
    HttpResponse<String> r =
        http.postJson(
            "/api/student/submit",
            submit.encode(),
            "Authorization",
            "Bearer " + session.getString("token"));
    assertEquals(200, r.statusCode(), r.body());
  }

  /** The id of {@code student}'s pending crisis alert, waiting up to 5 s for the relay. */
  public long awaitAlertOf(RosterEntry student) {
    return Eventually.await(
        "a crisis alert for student " + student.id(),
        Duration.ofSeconds(5),
        () ->
            new AlertOutboxStore(store.dataSource())
                .pending(null, student.schoolId(), 50).stream()
                    .filter(alert -> alert.studentId() == student.id())
                    .map(Alert::id)
                    .findFirst());
  }

  /** Rows of the audit trail with {@code ok = false} whose actor is {@code username}. */
  public long refusedAuditRows(String username) throws SQLException {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM audit a JOIN staff_account s ON s.id = a.actor_id"
                    + " WHERE s.username = ? AND NOT a.ok")) {
      ps.setString(1, username);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public void close() {
    await(app.close());
    await(vertx.close());
    store.close();
    db.close();
  }
}
