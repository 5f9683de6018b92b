package org.huxin.gateway.badinput;

import static org.huxin.gateway.badinput.BadInput.assertReady;
import static org.huxin.gateway.badinput.BadInput.assertRefused;
import static org.huxin.gateway.badinput.BadInput.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.badinput.BadInput.Case;
import org.huxin.gateway.badinput.BadInput.Reply;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Table-driven bad input on the student's three bodied endpoints (login, draft, submit) and their
 * order: each row must be refused with a clear 4xx, store no result and no draft, and leave the
 * node ready; a valid request of the same kind still succeeds after the table.
 */
@DatabaseTest
class StudentInputTest {
  /** Literals that are no answer of any scale: out of range, too big for any type, not whole. */
  static final List<String> BAD_ANSWERS =
      List.of(
          "-1",
          "7",
          "255",
          "256",
          "2147483647",
          "2147483648",
          "-2147483649",
          "9223372036854775807",
          "9223372036854775808",
          "18446744073709551616",
          "1" + "0".repeat(400),
          "1e309",
          "-1e309",
          "1E400",
          "4.9e-324",
          "0." + "0".repeat(500) + "1",
          "1.5",
          "0.0",
          "1e0",
          "\"1\"",
          "\"\"",
          "true",
          "{}",
          "[]",
          "[0]",
          "01",
          "+1",
          ".5",
          "1.",
          "0x1",
          "Infinity",
          "-Infinity",
          "NaN");

  /** Fields only the server may set: a client sending any of them is refused, not ignored. */
  static final List<String> SERVER_FIELDS =
      List.of(
          "score",
          "scores",
          "tier",
          "crisis",
          "schoolId",
          "studentId",
          "districtId",
          "classId",
          "windowId",
          "grade",
          "form",
          "batteryId",
          "receipt",
          "submittedAt");

  private static final String SENTINEL = "424242";
  private static final BadInput.Tally TALLY = new BadInput.Tally(StudentInputTest.class);

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StudentInputTest.class);
  }

  @AfterAll
  static void stop() {
    TALLY.print();
    gw.close();
  }

  @AfterEach
  void resetClock() {
    gw.clock.set(GatewayFixture.START);
  }

  // ---- login ----------------------------------------------------------------------------------

  @Test
  void login_badBodies() {
    RosterEntry student = gw.secondaryStudent(20);
    String valid = gw.loginBody(student);
    List<Case> cases = new ArrayList<>(BadInput.malformed(valid, "\"accessCode\":\""));
    JsonObject good = new JsonObject(valid);
    for (String field : List.of("schoolCode", "studentNo", "accessCode")) {
      JsonObject missing = good.copy();
      missing.remove(field);
      cases.add(Case.json("no " + field, missing.encode(), "invalid_request"));
      for (String literal : List.of("null", "1", "true", "[]", "{}", "\"\"", "\"   \"")) {
        cases.add(Case.json(field + " = " + literal, replaced(good, field, literal)));
      }
      cases.add(
          Case.json(
              field + " 33 characters",
              good.copy().put(field, "A".repeat(33)).encode(),
              "invalid_request"));
    }
    for (String field : SERVER_FIELDS) {
      cases.add(
          Case.json("extra field " + field, good.copy().put(field, 1).encode(), "invalid_request"));
    }
    cases.add(
        Case.json(
            "queueTicket of 65 characters",
            good.copy().put("queueTicket", "t".repeat(65)).encode(),
            "invalid_request"));
    cases.add(Case.json("huge number code", replaced(good, "accessCode", "1e309")));
    cases.add(Case.json("wrong code", good.copy().put("accessCode", "ZZZZZ-ZZZZZ").encode(), null));

    refuseAll(cases, "POST", "/api/student/login", new String[0], r -> assertNoToken(r));

    RosterEntry other = gw.secondaryStudent(21);
    Reply ok =
        send(gw, "POST", "/api/student/login", BadInput.JSON, BadInput.utf8(gw.loginBody(other)));
    assertEquals(200, ok.status(), ok.body());
  }

  // ---- submit ---------------------------------------------------------------------------------

  @Test
  void submit_badBodies() {
    RosterEntry student = gw.secondaryStudent(22);
    Session s = login(student);
    JsonObject good = submitBody(s);
    List<Case> cases = new ArrayList<>(BadInput.malformed(good.encode(), "\"locale\":\""));
    cases.addAll(answerCases(good));
    for (String field : SERVER_FIELDS) {
      for (String literal : List.of("0", "3", "\"routine\"", "null")) {
        cases.add(
            Case.json(
                "client-sent " + field + " = " + literal,
                withField(good, field, literal),
                "invalid_request"));
      }
    }
    JsonObject noKey = good.copy();
    noKey.remove("idempotencyKey");
    cases.add(Case.json("no idempotencyKey", noKey.encode(), "invalid_request"));
    JsonObject noAnswers = good.copy();
    noAnswers.remove("answers");
    cases.add(Case.json("no answers", noAnswers.encode(), "invalid_request"));
    for (String literal :
        List.of("null", "\"\"", "\"not-a-uuid\"", "123", "\"{" + UUID.randomUUID() + "}\"")) {
      cases.add(
          Case.json(
              "idempotencyKey = " + literal,
              replaced(good, "idempotencyKey", literal),
              "invalid_request"));
    }
    for (String literal : List.of("\"fr\"", "1", "\"ZH-CN\"", "[]")) {
      cases.add(
          Case.json("locale = " + literal, replaced(good, "locale", literal), "invalid_request"));
    }
    for (String literal : List.of("\"yesterday\"", "12345", "\"2026-13-40T99:00:00Z\"")) {
      cases.add(
          Case.json(
              "startedAt = " + literal, withField(good, "startedAt", literal), "invalid_request"));
    }
    for (String literal :
        List.of("\"x\"", "{\"phq9\":[-1]}", "{\"phq9\":[86400001]}", "{\"phq9\":[1e309]}", "[]")) {
      cases.add(
          Case.json(
              "itemMillis = " + literal,
              withField(good, "itemMillis", literal),
              "invalid_request"));
    }
    refuseAll(
        cases,
        "POST",
        "/api/student/submit",
        s.auth(),
        r -> assertEquals(0, rowsOf(student), "a refused submit stored a result"));

    Reply ok =
        send(
            gw,
            "POST",
            "/api/student/submit",
            BadInput.JSON,
            BadInput.utf8(good.encode()),
            s.auth());
    assertEquals(200, ok.status(), ok.body());
    assertEquals(1, rowsOf(student));
  }

  // ---- draft ----------------------------------------------------------------------------------

  @Test
  void draft_badBodies() {
    RosterEntry student = gw.secondaryStudent(23);
    Session s = login(student);
    JsonObject good =
        new JsonObject()
            .put("seq", 1)
            .put("page", 0)
            .put("answers", StudentPathTest.answers(s.questionnaire(), StudentPathTest.ROUTINE));
    List<Case> cases = new ArrayList<>(BadInput.malformed(good.encode(), "{\""));
    cases.addAll(answerCases(good));
    for (String field : List.of("seq", "page")) {
      for (String literal :
          List.of(
              "-1",
              "256",
              "2147483648",
              "18446744073709551616",
              "1e309",
              "1.5",
              "1e2",
              "\"1\"",
              "null",
              "true",
              "[]")) {
        if (field.equals("seq") && literal.equals("256")) {
          continue; // a valid sequence number
        }
        cases.add(Case.json(field + " = " + literal, replaced(good, field, literal)));
      }
      JsonObject missing = good.copy();
      missing.remove(field);
      cases.add(Case.json("no " + field, missing.encode(), "invalid_request"));
    }
    for (String field : SERVER_FIELDS) {
      cases.add(Case.json("client-sent " + field, withField(good, field, "2"), "invalid_request"));
    }
    refuseAll(cases, "PUT", "/api/student/draft", s.auth(), r -> assertNoDraft(s));

    Reply ok =
        send(
            gw, "PUT", "/api/student/draft", BadInput.JSON, BadInput.utf8(good.encode()), s.auth());
    assertEquals(200, ok.status(), ok.body());
  }

  /**
   * Requests whose HTTP framing is wrong, written on a bare socket: a declared length past the
   * limit, a length that is no number, two lengths, a chunk size that is no number, a header line
   * past any limit. Each gets a 4xx with a JSON error, and nothing is stored.
   */
  @Test
  void submit_badFraming() {
    RosterEntry student = gw.secondaryStudent(28);
    Session s = login(student);
    String body = submitBody(s).encode();
    String head =
        "POST /api/student/submit HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Content-Type: application/json\r\nAuthorization: Bearer "
            + s.token()
            + "\r\n";
    Map<String, String> requests = new java.util.LinkedHashMap<>();
    requests.put("declared length past 64 KiB", head + "Content-Length: 70000\r\n\r\n" + body);
    requests.put("negative length", head + "Content-Length: -1\r\n\r\n" + body);
    requests.put("length not a number", head + "Content-Length: abc\r\n\r\n" + body);
    requests.put(
        "two different lengths",
        head + "Content-Length: 2\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

    requests.put("header line of 100 KiB", head + "X-Pad: " + "p".repeat(100 * 1024) + "\r\n\r\n");
    Map<String, String> before = BadInput.stored(gw.db.dataSource());
    for (Map.Entry<String, String> request : requests.entrySet()) {
      Reply r =
          BadInput.raw(gw, request.getValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      assertRefused(r, request.getKey());
      assertEquals(before, BadInput.stored(gw.db.dataSource()), request.getKey());
      TALLY.add(1);
    }
    // A chunk size that is no number breaks the body after the request was taken: the server
    // drops the connection without an answer, which is all HTTP allows once framing is lost.
    Reply chunked =
        BadInput.raw(
            gw,
            (head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + body + "\r\n0\r\n\r\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    if (chunked.status() != -1) {
      assertRefused(chunked, "chunk size not a number");
    }
    TALLY.add(1);
    assertEquals(before, BadInput.stored(gw.db.dataSource()), "chunk size not a number");
    assertEquals(0, rowsOf(student));
    assertReady(gw);
  }

  /**
   * One answer more than the scale has is refused. It used to be stored as if the list were right:
   * {@code AnswerSheet.flatten} took the extra value off the iterator before leaving its loop.
   */
  @Test
  void submit_oneAnswerTooMany() {
    RosterEntry student = gw.secondaryStudent(29);
    Session s = login(student);
    JsonObject body = submitBody(s);
    JsonObject answers = body.getJsonObject("answers");
    answers.getJsonArray(answers.fieldNames().iterator().next()).add(0);
    Reply r =
        send(
            gw,
            "POST",
            "/api/student/submit",
            BadInput.JSON,
            BadInput.utf8(body.encode()),
            s.auth());
    assertRefused(r, "one answer too many");
    assertEquals(0, rowsOf(student));
  }

  @Test
  void draft_oneAnswerTooMany() {
    Session s = login(gw.secondaryStudent(29));
    JsonObject answers = StudentPathTest.answers(s.questionnaire(), StudentPathTest.ROUTINE);
    answers.getJsonArray(answers.fieldNames().iterator().next()).add(0);
    JsonObject body = new JsonObject().put("seq", 1).put("page", 0).put("answers", answers);
    Reply r =
        send(
            gw, "PUT", "/api/student/draft", BadInput.JSON, BadInput.utf8(body.encode()), s.auth());
    assertRefused(r, "one answer too many");
    assertNoDraft(s);
  }

  // ---- steps out of order ---------------------------------------------------------------------

  @Test
  void submit_beforeLogin() {
    Session s = login(gw.secondaryStudent(24));
    String body = submitBody(s).encode();
    String token = s.token();
    String tampered = token.substring(0, token.length() - 2) + (token.endsWith("A") ? "BB" : "AA");
    Map<String, String[]> auths =
        Map.of(
            "no token", new String[0],
            "empty bearer", new String[] {"Authorization", "Bearer "},
            "not a token", new String[] {"Authorization", "Bearer not.a.token"},
            "tampered token", new String[] {"Authorization", "Bearer " + tampered},
            "basic auth", new String[] {"Authorization", "Basic dXNlcjpwYXNz"},
            "token as a cookie", new String[] {"Cookie", "token=" + token},
            "staff cookie", new String[] {"Cookie", gw.staffSession("psy").cookieHeader()});
    Map<String, String> before = BadInput.stored(gw.db.dataSource());
    for (Map.Entry<String, String[]> auth : auths.entrySet()) {
      for (String[] endpoint :
          new String[][] {{"POST", "/api/student/submit"}, {"PUT", "/api/student/draft"}}) {
        Reply r =
            send(gw, endpoint[0], endpoint[1], BadInput.JSON, BadInput.utf8(body), auth.getValue());
        JsonObject error = assertRefused(r, auth.getKey() + " " + endpoint[1]);
        assertEquals(401, r.status(), r.body());
        assertEquals("token_invalid", error.getString("error"), r.body());
        TALLY.add(1);
      }
    }
    assertEquals(before, BadInput.stored(gw.db.dataSource()));
    assertNoDraft(s);
    assertReady(gw);
  }

  /**
   * A second submit with another key and other answers is not a second result: it gets the first
   * receipt (the contract's resubmit rule) and the stored tier stays the first one's.
   */
  @Test
  void submit_twiceWithDifferentKeys() {
    RosterEntry student = gw.secondaryStudent(25);
    Session s = login(student);
    Reply first =
        send(
            gw,
            "POST",
            "/api/student/submit",
            BadInput.JSON,
            BadInput.utf8(submitBody(s).encode()),
            s.auth());
    assertEquals(200, first.status(), first.body());
    JsonObject crisis =
        submitBody(s)
            .put(
                "answers",
                StudentPathTest.answers(
                    s.questionnaire(), (scale, item) -> scale.equals("phq9") ? 3 : 0));
    for (int i = 0; i < 3; i++) {
      Reply again =
          send(
              gw,
              "POST",
              "/api/student/submit",
              BadInput.JSON,
              BadInput.utf8(crisis.encode()),
              s.auth());
      assertEquals(200, again.status(), again.body());
      assertEquals(
          new JsonObject(first.body()).getString("receipt"),
          new JsonObject(again.body()).getString("receipt"),
          "a second key gets the first receipt");
      assertEquals(
          null,
          new JsonObject(again.body()).getValue("message"),
          "the first (calm) answer stands, no crisis message");
      assertEquals(
          new JsonObject(first.body()).getJsonObject("help"),
          new JsonObject(again.body()).getJsonObject("help"));
      TALLY.add(1);
    }
    assertEquals(1, rowsOf(student));
    assertEquals(
        0,
        BadInput.count(
            gw.db.dataSource(), "SELECT tier FROM result WHERE student_id = " + student.id()));
  }

  @Test
  void draft_afterSubmit() {
    RosterEntry student = gw.secondaryStudent(26);
    Session s = login(student);
    Reply submitted =
        send(
            gw,
            "POST",
            "/api/student/submit",
            BadInput.JSON,
            BadInput.utf8(submitBody(s).encode()),
            s.auth());
    assertEquals(200, submitted.status(), submitted.body());
    JsonObject draft =
        new JsonObject()
            .put("seq", 99)
            .put("page", 1)
            .put("answers", StudentPathTest.answers(s.questionnaire(), (scale, item) -> 1));
    for (int seq : new int[] {0, 99, Integer.MAX_VALUE}) {
      Reply r =
          send(
              gw,
              "PUT",
              "/api/student/draft",
              BadInput.JSON,
              BadInput.utf8(draft.put("seq", seq).encode()),
              s.auth());
      JsonObject error = assertRefused(r, "draft seq " + seq + " after submit");
      assertEquals(409, r.status());
      assertEquals("already_submitted", error.getString("error"));
      TALLY.add(1);
    }
    assertEquals(1, rowsOf(student));
  }

  @Test
  void submit_afterWindowClosed() {
    RosterEntry student = gw.secondaryStudent(27);
    Session s = login(student);
    String body = submitBody(s).encode();
    String draft =
        new JsonObject()
            .put("seq", 1)
            .put("page", 0)
            .put("answers", StudentPathTest.answers(s.questionnaire(), StudentPathTest.ROUTINE))
            .encode();
    for (java.time.Instant at :
        List.of(
            gw.window.closesAt().plusSeconds(1),
            gw.window.closesAt().plus(java.time.Duration.ofDays(400)))) {
      gw.clock.set(at);
      Reply submit =
          send(gw, "POST", "/api/student/submit", BadInput.JSON, BadInput.utf8(body), s.auth());
      Reply save =
          send(gw, "PUT", "/api/student/draft", BadInput.JSON, BadInput.utf8(draft), s.auth());
      for (Reply r : List.of(submit, save)) {
        assertRefused(r, "at " + at);
        assertEquals(
            true,
            r.status() == 403 || r.status() == 401,
            () -> "closed window at " + at + ": " + r.status() + " " + r.body());
        TALLY.add(1);
      }
    }
    assertEquals(0, rowsOf(student));
    gw.clock.set(GatewayFixture.START);
    assertNoDraft(s);
    Reply ok =
        send(gw, "POST", "/api/student/submit", BadInput.JSON, BadInput.utf8(body), s.auth());
    assertEquals(200, ok.status(), "the window reopened by the clock accepts it: " + ok.body());
    assertEquals(1, rowsOf(student));
  }

  // ---- helpers --------------------------------------------------------------------------------

  record Session(String token, JsonObject questionnaire) {
    String[] auth() {
      return new String[] {"Authorization", "Bearer " + token};
    }
  }

  static Session login(GatewayFixture gw, RosterEntry student) {
    Reply r =
        send(gw, "POST", "/api/student/login", BadInput.JSON, BadInput.utf8(gw.loginBody(student)));
    assertEquals(200, r.status(), r.body());
    JsonObject login = new JsonObject(r.body());
    Reply q = send(gw, "GET", login.getString("questionnaire"), null, new byte[0]);
    assertEquals(200, q.status(), q.body());
    return new Session(login.getString("token"), new JsonObject(q.body()));
  }

  private static Session login(RosterEntry student) {
    return login(gw, student);
  }

  static JsonObject submitBody(Session s) {
    return new JsonObject()
        .put("idempotencyKey", UUID.randomUUID().toString())
        .put("locale", "zh-CN")
        .put("answers", StudentPathTest.answers(s.questionnaire(), StudentPathTest.ROUTINE));
  }

  /**
   * Bad answers inside a valid body that has {@code answers}: every bad literal as the first item
   * of the first scale, lists too short and too long, scales that do not exist or are not lists.
   */
  static List<Case> answerCases(JsonObject good) {
    List<Case> cases = new ArrayList<>();
    JsonObject answers = good.getJsonObject("answers");
    String scale = answers.fieldNames().iterator().next();
    JsonArray items = answers.getJsonArray(scale);
    for (String literal : BAD_ANSWERS) {
      JsonObject b = good.copy();
      b.getJsonObject("answers").getJsonArray(scale).set(0, Integer.parseInt(SENTINEL));
      cases.add(
          Case.json("answer " + BadInput.cut(literal), b.encode().replace(SENTINEL, literal)));
    }
    JsonObject shorter = good.copy();
    shorter.getJsonObject("answers").getJsonArray(scale).remove(items.size() - 1);
    cases.add(Case.json("one answer short", shorter.encode()));
    JsonObject longer = good.copy();
    longer.getJsonObject("answers").getJsonArray(scale).add(0).add(0);
    cases.add(Case.json("two answers too many", longer.encode()));
    JsonObject many = good.copy();
    JsonArray sixtyFive = new JsonArray();
    for (int i = 0; i < 65; i++) {
      sixtyFive.add(0);
    }
    many.getJsonObject("answers").put(scale, sixtyFive);
    cases.add(Case.json("65 answers", many.encode(), "invalid_request"));
    JsonObject empty = good.copy();
    empty.getJsonObject("answers").put(scale, new JsonArray());
    cases.add(Case.json("no answers in a scale", empty.encode()));
    for (String key : List.of("tier", "score", "schoolId", "no_such_scale", "PHQ9", "", "9")) {
      JsonObject extra = good.copy();
      extra.getJsonObject("answers").put(key, new JsonArray().add(0));
      cases.add(Case.json("answers key '" + key + "'", extra.encode()));
    }
    for (String literal : List.of("null", "1", "\"0,1,2\"", "{\"score\":1}", "[[0]]")) {
      JsonObject b = good.copy();
      b.getJsonObject("answers").put(scale, Integer.parseInt(SENTINEL));
      cases.add(Case.json(scale + " = " + literal, b.encode().replace(SENTINEL, literal)));
    }
    for (String literal : List.of("null", "[]", "\"x\"", "1", "[{}]")) {
      cases.add(Case.json("answers = " + literal, replaced(good, "answers", literal)));
    }
    JsonObject seventeen = good.copy();
    for (int i = 0; i < 17; i++) {
      seventeen.getJsonObject("answers").put("s" + i, new JsonArray().add(0));
    }
    cases.add(Case.json("17 scales", seventeen.encode(), "invalid_request"));
    return cases;
  }

  /** {@code body} with field {@code field} holding the raw JSON {@code literal}. */
  static String replaced(JsonObject body, String field, String literal) {
    return body.copy().put(field, Integer.parseInt(SENTINEL)).encode().replace(SENTINEL, literal);
  }

  /** {@code body} with an added field {@code field} holding the raw JSON {@code literal}. */
  static String withField(JsonObject body, String field, String literal) {
    return replaced(body, field, literal);
  }

  private static void refuseAll(
      List<Case> cases, String method, String path, String[] auth, Consumer<Reply> nothingStored) {
    BadInput.refuseAll(gw, TALLY, cases, method, path, auth, nothingStored);
  }

  private static void assertNoToken(Reply r) {
    assertFalse(r.body().contains("token\""), () -> "a refused login issued a token: " + r.body());
  }

  private static void assertNoDraft(Session s) {
    Reply r = send(gw, "GET", "/api/student/draft", null, new byte[0], s.auth());
    assertEquals(404, r.status(), () -> "a draft was stored: " + r.body());
  }

  private static long rowsOf(RosterEntry student) {
    return BadInput.count(
        gw.db.dataSource(), "SELECT count(*) FROM result WHERE student_id = " + student.id());
  }
}
