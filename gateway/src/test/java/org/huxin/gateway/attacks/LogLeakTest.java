package org.huxin.gateway.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Real traffic through a gateway (start-up, student logins right and wrong, drafts, a routine and a
 * crisis submit and its alert, staff sign-in, the archive, a follow-up note, access slips, reports
 * and exports) with every log line captured from the root logger at DEBUG; no line may hold a
 * student's name, an access code, a token, the note, the answers, a password or the token secret.
 */
@DatabaseTest
class LogLeakTest {
  private static final String NOTE = "谈话记录-" + UUID.randomUUID() + "-情绪低落";
  private static final String WRONG_PASSWORD = "wrong-password-" + UUID.randomUUID();

  @Test
  void realTraffic_logsNoSecret() throws Exception {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    Logger ours = context.getLogger("org.huxin");
    Level oursBefore = ours.getLevel();
    Level rootBefore = root.getLevel();
    ListAppender<ILoggingEvent> captured = new ListAppender<>();
    captured.setContext(context);
    captured.start();
    root.addAppender(captured);
    ours.setLevel(Level.DEBUG);
    root.setLevel(Level.DEBUG); // loggers the configuration quiets (netty, hikari, ...) stay quiet
    Map<String, String> secrets = new LinkedHashMap<>();
    try (GatewayFixture gw = Gateways.start(LogLeakTest.class)) {
      traffic(gw, secrets);
    } finally {
      root.detachAppender(captured);
      ours.setLevel(oursBefore);
      root.setLevel(rootBefore);
      captured.stop();
    }
    List<String> lines = new ArrayList<>();
    synchronized (captured) {
      for (ILoggingEvent e : captured.list) {
        lines.add(line(e));
      }
    }
    assertTrue(lines.size() >= 3, "captured only " + lines.size() + " log lines: " + lines);
    List<String> leaks = new ArrayList<>();
    for (String line : lines) {
      for (Map.Entry<String, String> secret : secrets.entrySet()) {
        if (line.contains(secret.getValue())) {
          leaks.add(secret.getKey() + " in: " + line);
        }
      }
    }
    assertEquals(
        List.of(), leaks, "of " + lines.size() + " log lines, " + secrets.size() + " secrets");
    System.out.println(
        "LogLeakTest scanned " + lines.size() + " log lines for " + secrets.size() + " secrets");
  }

  /** Everything a line could show: logger, message, MDC and the whole stack trace. */
  private static String line(ILoggingEvent e) {
    StringBuilder b =
        new StringBuilder()
            .append(e.getLevel())
            .append(' ')
            .append(e.getLoggerName())
            .append(" - ")
            .append(e.getFormattedMessage());
    if (!e.getMDCPropertyMap().isEmpty()) {
      b.append(' ').append(e.getMDCPropertyMap());
    }
    if (e.getThrowableProxy() != null) {
      b.append('\n').append(ThrowableProxyUtil.asString(e.getThrowableProxy()));
    }
    return b.toString();
  }

  private static void traffic(GatewayFixture gw, Map<String, String> secrets) throws Exception {
    secrets.put("token secret", new String(GatewayFixture.TOKEN_SECRET, StandardCharsets.US_ASCII));
    secrets.put("staff password", GatewayFixture.PASSWORD);
    secrets.put("wrong staff password", WRONG_PASSWORD);
    secrets.put("follow-up note", NOTE);
    RosterEntry a = gw.studentA();
    RosterEntry crisis =
        gw.roster.stream()
            .filter(e -> e.consent() && e.schoolId() == a.schoolId() && e.id() != a.id())
            .filter(e -> e.grade() >= 7 && e.grade() <= 9)
            .findFirst()
            .orElseThrow();
    RosterEntry guessed = gw.secondaryStudent(9);
    for (RosterEntry s : gw.roster) {
      if (s.classId() == a.classId() || s.id() == crisis.id() || s.id() == guessed.id()) {
        secrets.put("access code of " + s.id(), gw.codeOf(s));
        String name = nameOf(gw, s.id());
        if (name.length() >= 2) {
          secrets.put("name of " + s.id(), name);
        }
      }
    }

    // Students: a routine path with a draft, a crisis, a wrong code, and two malformed requests.
    String routineToken = login(gw, a);
    secrets.put("token of " + a.id(), routineToken);
    JsonObject routine = StudentPathTest.answers(questionnaire(gw, a), StudentPathTest.ROUTINE);
    secretAnswers(secrets, "routine", routine);
    JsonObject draft = new JsonObject().put("seq", 1).put("page", 1).put("answers", routine);
    assertEquals(200, bearer(gw, "PUT", "/api/student/draft", draft.encode(), routineToken));
    assertEquals(200, bearer(gw, "GET", "/api/student/draft", null, routineToken));
    assertEquals(200, bearer(gw, "POST", "/api/student/submit", submit(routine), routineToken));

    String crisisToken = login(gw, crisis);
    secrets.put("token of " + crisis.id(), crisisToken);
    JsonObject crisisAnswers =
        StudentPathTest.answers(
            questionnaire(gw, crisis), (scale, item) -> scale.equals("phq9") && item == 9 ? 3 : 1);
    secretAnswers(secrets, "crisis", crisisAnswers);
    assertEquals(
        200, bearer(gw, "POST", "/api/student/submit", submit(crisisAnswers), crisisToken));
    long alert = gw.awaitAlertOf(crisis);

    String right = gw.codeOf(guessed);
    String wrongCode = right.substring(0, right.length() - 1) + (right.endsWith("Q") ? "R" : "Q");
    secrets.put("guessed code", wrongCode);
    String wrongLogin =
        GatewayFixture.loginBody(guessed.schoolCode(), guessed.studentNo(), wrongCode);
    assertEquals(401, gw.http.postJson("/api/student/login", wrongLogin).statusCode());
    String extraField = new JsonObject(gw.loginBody(guessed)).put("extra", "x").encode();
    assertEquals(400, gw.http.postJson("/api/student/login", extraField).statusCode());
    // Routine answers: with a crisis answer beside it the sheet would be stored (as invalid).
    JsonObject outOfRange = routine.copy();
    JsonArray phq9 = outOfRange.getJsonArray("phq9").copy();
    phq9.set(0, 7);
    outOfRange.put("phq9", phq9);
    int refused = bearer(gw, "POST", "/api/student/submit", submit(outOfRange), routineToken);
    assertTrue(refused == 400 || refused == 422, "an out-of-range answer answered " + refused);

    // Staff: a wrong and a right sign-in, then the views that show names, answers and codes.
    HttpResponse<String> wrongStaff =
        gw.http.postJson(
            "/api/staff/login",
            new JsonObject().put("username", "psy").put("password", WRONG_PASSWORD).encode());
    assertEquals(401, wrongStaff.statusCode());
    Http psy = gw.staffSession("psy");
    Http city = gw.staffSession("city");
    secrets.put("psy session", session(psy));
    secrets.put("city session", session(city));
    long w = gw.window.id();
    long school = a.schoolId();
    List<HttpResponse<String>> views =
        List.of(
            psy.get("/api/staff/alerts"),
            psy.get("/api/staff/students/" + crisis.id() + "/archive"),
            psy.postJson(
                "/api/staff/students/" + crisis.id() + "/followups",
                new JsonObject().put("action", "interview").put("note", NOTE).encode()),
            psy.get("/api/staff/followups"),
            psy.get("/api/staff/students/" + crisis.id() + "/archive"),
            psy.postJson("/api/staff/alerts/" + alert + "/ack", "{}"),
            psy.get("/api/staff/classes/" + a.classId() + "/slips?window=" + w),
            psy.get("/api/staff/windows/" + w + "/tiers?school=" + school),
            psy.get("/api/staff/windows/" + w + "/consent-missing"),
            psy.get("/api/staff/reports/" + w + "?level=school&unit=" + school),
            psy.get("/api/staff/reports/" + w + "/export.csv?level=school&unit=" + school),
            psy.get("/api/staff/reports/" + w + "/print?level=school&unit=" + school),
            city.get("/api/staff/audit"),
            psy.postJson("/api/staff/logout", "{}"));
    for (HttpResponse<String> r : views) {
      assertTrue(r.statusCode() < 300, r.uri() + " answered " + r.statusCode() + ": " + r.body());
    }
  }

  private static String login(GatewayFixture gw, RosterEntry s) {
    HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(s));
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getString("token");
  }

  private static JsonObject questionnaire(GatewayFixture gw, RosterEntry s) {
    HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(s));
    return new JsonObject(gw.http.get(new JsonObject(r.body()).getString("questionnaire")).body());
  }

  private static int bearer(GatewayFixture gw, String method, String path, String body, String t) {
    return Raw.send(gw.app.port(), method, path, body, "Authorization", "Bearer " + t).statusCode();
  }

  private static String submit(JsonObject answers) {
    return new JsonObject()
        .put("idempotencyKey", UUID.randomUUID().toString())
        .put("answers", answers)
        .encode();
  }

  /** The answers as JSON, and each scale's list as JSON and as Java prints an array. */
  private static void secretAnswers(Map<String, String> secrets, String who, JsonObject answers) {
    secrets.put(who + " answers", answers.encode());
    for (String scale : answers.fieldNames()) {
      JsonArray values = answers.getJsonArray(scale);
      if (values.size() >= 5) {
        secrets.put(who + " " + scale + " answers", values.encode());
        secrets.put(who + " " + scale + " answers, printed", values.getList().toString());
      }
    }
  }

  private static String session(Http staff) {
    for (String pair : staff.cookieHeader().split("; ")) {
      if (pair.startsWith(StaffAuth.COOKIE + "=")) {
        return pair.substring(StaffAuth.COOKIE.length() + 1);
      }
    }
    throw new AssertionError("no session cookie");
  }

  private static String nameOf(GatewayFixture gw, long studentId) throws Exception {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT name_enc FROM student WHERE id = ?")) {
      ps.setLong(1, studentId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return gw.app.services().names().decrypt(rs.getBytes(1));
      }
    }
  }
}
