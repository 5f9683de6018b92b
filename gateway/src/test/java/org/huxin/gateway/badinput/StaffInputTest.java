package org.huxin.gateway.badinput;

import static org.huxin.gateway.badinput.BadInput.assertReady;
import static org.huxin.gateway.badinput.BadInput.assertRefused;
import static org.huxin.gateway.badinput.BadInput.send;
import static org.huxin.gateway.badinput.StudentInputTest.replaced;
import static org.huxin.gateway.badinput.StudentInputTest.withField;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.Routes;
import org.huxin.gateway.badinput.BadInput.Case;
import org.huxin.gateway.badinput.BadInput.Reply;
import org.huxin.gateway.rosterimport.RosterImportApi;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Table-driven bad input on the staff endpoints that take a body: login, window create and status,
 * follow-ups, grades 1–3 ratings, alert acknowledgement and the roster upload. Each row must be
 * refused with a clear 4xx (a roster file may instead be taken and then rejected as a whole), must
 * change no row, and must leave the node ready; a valid request still succeeds after each table.
 */
@DatabaseTest
class StaffInputTest {
  /** 2^64: a whole number no id field holds, which a reader taking its low 64 bits sees as 0. */
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  private static final BadInput.Tally TALLY = new BadInput.Tally(StaffInputTest.class);

  /**
   * Roster files that are neither UTF-8 nor GB18030 text. They are refused and write nothing, but
   * the import reports them as {@code failed} ("on our side") instead of {@code rejected}: see
   * {@link #rosterImport_undecodableFileRejectedNotFailed}.
   */
  private static final List<String> UNDECODABLE =
      List.of("random bytes as CSV", "name neither UTF-8 nor GBK", "header not UTF-8");

  private static GatewayFixture gw;
  private static Window ratingWindow;
  private static RosterEntry child;
  private static String city;
  private static String psy;
  private static String psyG1;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(StaffInputTest.class);
    ratingWindow = gw.openRatingWindow();
    BadInput.Rater rater = BadInput.rater(gw);
    child = rater.child();
    psyG1 = rater.cookie();
    city = gw.staffSession("city").cookieHeader();
    psy = gw.staffSession("psy").cookieHeader();
  }

  @AfterAll
  static void stop() {
    TALLY.print();
    gw.close();
  }

  @Test
  void staffLogin_badBodies() {
    JsonObject good =
        new JsonObject().put("username", "city").put("password", GatewayFixture.PASSWORD);
    List<Case> cases = new ArrayList<>(BadInput.malformed(good.encode(), "\"password\":\""));
    for (String field : List.of("username", "password")) {
      JsonObject missing = good.copy();
      missing.remove(field);
      cases.add(Case.json("no " + field, missing.encode(), "invalid_request"));
      for (String literal : List.of("null", "1", "1e309", "true", "[]", "{}", "\"\"")) {
        cases.add(Case.json(field + " = " + literal, replaced(good, field, literal)));
      }
    }
    cases.add(
        Case.json(
            "username of 65 characters",
            good.copy().put("username", "u".repeat(65)).encode(),
            "invalid_request"));
    cases.add(
        Case.json(
            "password of 257 characters",
            good.copy().put("password", "p".repeat(257)).encode(),
            "invalid_request"));
    cases.add(Case.json("blank username", good.copy().put("username", "   ").encode()));
    for (String field : List.of("role", "districtId", "schoolId", "accountId", "seesScores")) {
      cases.add(Case.json("extra field " + field, withField(good, field, "1"), "invalid_request"));
    }
    cases.add(Case.json("wrong password", good.copy().put("password", "nope").encode()));
    refuseAll(
        cases,
        "POST",
        "/api/staff/login",
        new String[0],
        r -> assertFalse(r.body().contains("\"role\""), "a refused login signed in: " + r.body()));

    Reply ok = send(gw, "POST", "/api/staff/login", BadInput.JSON, BadInput.utf8(good.encode()));
    assertEquals(200, ok.status(), ok.body());
  }

  @Test
  void createWindow_badBodies() {
    JsonObject good =
        new JsonObject()
            .put("name", "坏输入测试窗口")
            .put("minGrade", 4)
            .put("maxGrade", 6)
            .put("batteryByBand", new JsonObject().put("4-6", "g4-6"))
            .put("opensAt", "2026-10-13T00:00:00Z")
            .put("closesAt", "2026-10-20T00:00:00Z");
    long district = gw.studentA().districtId();
    List<Case> cases = new ArrayList<>(BadInput.malformed(good.encode(), "\"name\":\""));
    for (String ids : List.of("districtIds", "schoolIds")) {
      for (String literal :
          List.of(
              "[" + TWO_TO_64.add(BigInteger.valueOf(district)) + "]",
              "[" + TWO_TO_64 + "]",
              "[0]",
              "[-1]",
              "[1.5]",
              "[\"1\"]",
              "[1e309]",
              "[null]",
              "[[1]]",
              "1",
              "{}")) {
        cases.add(Case.json(ids + " = " + BadInput.cut(literal), withField(good, ids, literal)));
      }
    }
    for (String field : List.of("minGrade", "maxGrade")) {
      for (String literal : List.of("0", "13", "-1", "4.5", "\"4\"", "1e309", "null")) {
        cases.add(Case.json(field + " = " + literal, replaced(good, field, literal)));
      }
    }
    cases.add(Case.json("minGrade above maxGrade", replaced(good, "minGrade", "9")));
    for (String field : List.of("opensAt", "closesAt")) {
      for (String literal :
          List.of("\"tomorrow\"", "\"2026-02-30T00:00:00Z\"", "1", "\"\"", "null")) {
        cases.add(Case.json(field + " = " + literal, replaced(good, field, literal)));
      }
    }
    cases.add(
        Case.json(
            "closes before it opens", replaced(good, "closesAt", "\"2026-10-01T00:00:00Z\"")));
    for (String literal :
        List.of(
            "{}",
            "{\"4-6\":\"no-such-battery\"}",
            "{\"x\":\"g4-6\"}",
            "{\"4-6\":1}",
            "{\"4-6\":\"g4-6\",\"4-6\":\"g7-9\"}",
            "[]",
            "\"g4-6\"")) {
      cases.add(Case.json("batteryByBand = " + literal, replaced(good, "batteryByBand", literal)));
    }
    for (String literal : List.of("\"x\"", "[]", "1", "{\"en\":{}}")) {
      cases.add(Case.json("helpContacts = " + literal, withField(good, "helpContacts", literal)));
    }
    for (String literal : List.of("\"BAD!\"", "\"no-such-rules\"", "1", "\"\"")) {
      cases.add(Case.json("ruleSetId = " + literal, withField(good, "ruleSetId", literal)));
    }
    for (String field : List.of("id", "status", "codeSecret", "createdBy", "tier", "score")) {
      cases.add(Case.json("extra field " + field, withField(good, field, "1"), "invalid_request"));
    }
    cases.add(Case.json("blank name", good.copy().put("name", "   ").encode()));
    cases.add(
        Case.json(
            "name of 201 characters",
            good.copy().put("name", "n".repeat(201)).encode(),
            "invalid_request"));
    refuseAll(cases, "POST", "/api/staff/windows", cookie(city), r -> {});

    Reply ok =
        send(
            gw,
            "POST",
            "/api/staff/windows",
            BadInput.JSON,
            BadInput.utf8(good.encode()),
            cookie(city));
    assertEquals(201, ok.status(), ok.body());
  }

  @Test
  void setWindowStatus_badBodies() {
    String path = "/api/staff/windows/" + gw.window.id() + "/status";
    String good = "{\"status\":\"open\"}";
    List<Case> cases = new ArrayList<>(BadInput.malformed(good, "\"status\":\""));
    for (String literal :
        List.of(
            "\"OPEN\"", "\"archived\"", "\"draft\"", "\"deleted\"", "\"\"", "1", "null", "[]")) {
      cases.add(
          Case.json("status = " + literal, "{\"status\":" + literal + "}", "invalid_request"));
    }
    cases.add(Case.json("extra field", "{\"status\":\"closed\",\"id\":1}", "invalid_request"));
    refuseAll(cases, "POST", path, cookie(city), r -> {});
    List<Case> good1 = List.of(Case.json("valid body, bad id", "{\"status\":\"closed\"}"));
    for (String id :
        List.of("abc", "-1", "0", "99999999999999999999", "1e3", "%20" + gw.window.id())) {
      refuseAll(good1, "POST", "/api/staff/windows/" + id + "/status", cookie(city), r -> {});
    }

    for (String status : List.of("paused", "open")) {
      Reply ok =
          send(
              gw,
              "POST",
              path,
              BadInput.JSON,
              BadInput.utf8("{\"status\":\"" + status + "\"}"),
              cookie(city));
      assertEquals(200, ok.status(), ok.body());
      assertEquals(status, new JsonObject(ok.body()).getString("status"));
    }
  }

  /** Asking a window for the status it has (open to open) is a conflict, not a server fault. */
  @Test
  void setWindowStatus_toItsCurrentStatus() {
    String path = "/api/staff/windows/" + gw.window.id() + "/status";
    Map<String, String> before = BadInput.stored(gw.db.dataSource());
    Reply r =
        send(gw, "POST", path, BadInput.JSON, BadInput.utf8("{\"status\":\"open\"}"), cookie(city));
    JsonObject error = assertRefused(r, "open to open");
    assertEquals(409, r.status(), r.body());
    assertEquals("invalid_transition", error.getString("error"));
    assertEquals(before, BadInput.stored(gw.db.dataSource()));
    TALLY.add(1);
  }

  @Test
  void recordFollowup_badBodies() {
    RosterEntry student = gw.studentA();
    String path = "/api/staff/students/" + student.id() + "/followups";
    JsonObject good = new JsonObject().put("action", "interview").put("note", "第一次面谈");
    List<Case> cases = new ArrayList<>(BadInput.malformed(good.encode(), "\"note\":\""));
    for (String literal : List.of("\"INTERVIEW\"", "\"delete\"", "\"\"", "1", "null", "[]")) {
      cases.add(
          Case.json("action = " + literal, replaced(good, "action", literal), "invalid_request"));
    }
    cases.add(
        Case.json(
            "note of 2001 characters",
            good.copy().put("note", "字".repeat(2001)).encode(),
            "invalid_request"));
    for (String literal :
        List.of(
            "0",
            "-1",
            TWO_TO_64.add(BigInteger.valueOf(gw.window.id())).toString(),
            TWO_TO_64.toString(),
            "9223372036854775807",
            "1.5",
            "\"1\"",
            "1e309")) {
      cases.add(
          Case.json("windowId = " + BadInput.cut(literal), withField(good, "windowId", literal)));
    }
    for (String field :
        List.of("studentId", "actorId", "at", "caseId", "level", "tier", "score", "schoolId")) {
      cases.add(Case.json("extra field " + field, withField(good, field, "1"), "invalid_request"));
    }
    refuseAll(cases, "POST", path, cookie(psy), r -> {});
    List<Case> good1 = List.of(Case.json("valid body, bad student", good.encode()));
    for (String id :
        List.of(
            "abc",
            "-1",
            "0",
            "99999999999999999999",
            Long.toString(gw.otherSchoolStudent().id()))) {
      refuseAll(good1, "POST", "/api/staff/students/" + id + "/followups", cookie(psy), r -> {});
    }

    Reply ok = send(gw, "POST", path, BadInput.JSON, BadInput.utf8(good.encode()), cookie(psy));
    assertEquals(201, ok.status(), ok.body());
  }

  @Test
  void rateStudent_badBodies() {
    String path = "/api/staff/classes/" + child.classId() + "/ratings/" + child.id();
    Reply listing =
        send(
            gw,
            "GET",
            "/api/staff/classes/" + child.classId() + "/ratings?window=" + ratingWindow.id(),
            null,
            new byte[0],
            cookie(psyG1));
    assertEquals(200, listing.status(), listing.body());
    Reply q =
        send(
            gw,
            "GET",
            new JsonObject(listing.body()).getString("questionnaire"),
            null,
            new byte[0]);
    assertEquals(200, q.status(), q.body());
    JsonObject good =
        new JsonObject()
            .put("window", ratingWindow.id())
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(new JsonObject(q.body()), (s, i) -> 0));
    List<Case> cases = new ArrayList<>(BadInput.malformed(good.encode(), "\"idempotencyKey\":\""));
    cases.addAll(StudentInputTest.answerCases(good));
    for (String literal :
        List.of(
            "0",
            "-1",
            TWO_TO_64.add(BigInteger.valueOf(ratingWindow.id())).toString(),
            TWO_TO_64.toString(),
            Long.toString(gw.window.id()),
            "\"" + ratingWindow.id() + "\"",
            "1e309",
            "null")) {
      cases.add(Case.json("window = " + BadInput.cut(literal), replaced(good, "window", literal)));
    }
    for (String field : StudentInputTest.SERVER_FIELDS) {
      if (!field.equals("windowId")) {
        cases.add(
            Case.json("extra field " + field, withField(good, field, "0"), "invalid_request"));
      }
    }
    refuseAll(cases, "POST", path, cookie(psyG1), r -> {});
    List<Case> good1 = List.of(Case.json("valid body, bad path", good.encode()));
    for (String p :
        List.of(
            "/api/staff/classes/abc/ratings/" + child.id(),
            "/api/staff/classes/" + child.classId() + "/ratings/-1",
            "/api/staff/classes/" + child.classId() + "/ratings/99999999999999999999",
            "/api/staff/classes/" + (child.classId() + 1) + "/ratings/" + child.id())) {
      refuseAll(good1, "POST", p, cookie(psyG1), r -> {});
    }

    Reply ok = send(gw, "POST", path, BadInput.JSON, BadInput.utf8(good.encode()), cookie(psyG1));
    assertEquals(200, ok.status(), ok.body());
    assertEquals(
        1,
        BadInput.count(
            gw.db.dataSource(), "SELECT count(*) FROM result WHERE student_id = " + child.id()));
  }

  @Test
  void acknowledgeAlert_badInput() {
    long alert = crisisAlert();
    String path = "/api/staff/alerts/" + alert + "/ack";
    List<Case> bodies = new ArrayList<>();
    for (Case c : BadInput.malformed("{\"note\":\"x\"}", "\"note\":\"")) {
      if (c.body().length > Routes.BODY_LIMIT) {
        bodies.add(new Case(c.label(), c.contentType(), c.body(), "body_too_large"));
      }
    }
    refuseAll(bodies, "POST", path, cookie(psy), r -> {});
    List<Case> any =
        List.of(
            Case.json("empty", ""),
            Case.json("junk", "{{{"),
            new Case("no content type", null, new byte[0], null),
            new Case(
                "random bytes", "application/octet-stream", randomBytes(new Random(7), 512), null));
    for (String id :
        List.of("abc", "-1", "0", "99999999999999999999", "1e3", "999999", alert + "x")) {
      refuseAll(any, "POST", "/api/staff/alerts/" + id + "/ack", cookie(psy), r -> {});
    }
    String psyB = gw.staffSession("psy-b").cookieHeader();
    refuseAll(any, "POST", path, cookie(psyB), r -> {});
    String teacher = gw.staffSession("teacher").cookieHeader();
    refuseAll(any, "POST", path, cookie(teacher), r -> {});
    refuseAll(any, "POST", path, new String[0], r -> {});

    Reply ok = send(gw, "POST", path, BadInput.JSON, BadInput.utf8("{}"), cookie(psy));
    assertEquals(200, ok.status(), ok.body());
    assertEquals(true, new JsonObject(ok.body()).getBoolean("first"));
  }

  @Test
  void rosterImport_badFiles() {
    String csv = "text/csv";
    String xlsx = RosterImportApi.XLSX_TYPE;
    String header = "区县代码,区县,学校代码,学校,学段,年级,班级,学号,姓名,性别,出生年份,监护人同意\r\n";
    String row = "T09,坏区,TB09,坏中学,junior,7,1班,070101,";
    Random random = new Random(42);
    List<Case> files = new ArrayList<>();
    files.add(new Case("empty CSV", csv, new byte[0], null));
    files.add(new Case("random bytes as CSV", csv, randomBytes(random, 4096), null));
    files.add(
        new Case(
            "name neither UTF-8 nor GBK",
            csv,
            BadInput.concat(
                BadInput.utf8(header + row),
                BadInput.bytes(0xFF, 0xFF, 0x80),
                BadInput.utf8(",M,2012,yes\r\n")),
            null));
    files.add(
        new Case(
            "header not UTF-8",
            csv,
            BadInput.concat(BadInput.bytes(0xC0, 0xAF, 0xFF), BadInput.utf8(header)),
            null));
    files.add(
        new Case(
            "NUL bytes", csv, BadInput.concat(BadInput.utf8(header + row), new byte[64]), null));
    files.add(new Case("10,000 columns", csv, BadInput.utf8("a,".repeat(10_000) + "\r\n"), null));
    files.add(
        new Case("unclosed quote", csv, BadInput.utf8(header + row + "\"甲,M,2012,yes\r\n"), null));
    files.add(
        new Case(
            "grade 1e309",
            csv,
            BadInput.utf8(header + row.replace(",7,", ",1e309,") + "甲,M,2012,yes\r\n"),
            null));
    files.add(new Case("random bytes as XLSX", xlsx, randomBytes(random, 4096), null));
    files.add(
        new Case("CSV sent as XLSX", xlsx, BadInput.utf8(header + row + "甲,M,2012,yes\r\n"), null));
    byte[] zip = zip("junk.txt", randomBytes(random, 2048));
    files.add(new Case("a zip that is no workbook", xlsx, zip, null));
    files.add(
        new Case("a truncated zip", xlsx, java.util.Arrays.copyOf(zip, zip.length / 2), null));
    files.add(new Case("empty XLSX", xlsx, new byte[0], null));
    files.add(new Case("JSON", "application/json", BadInput.utf8("{}"), "unsupported_media_type"));
    files.add(new Case("no content type", null, BadInput.utf8(header), "unsupported_media_type"));
    files.add(
        new Case("text/plain", "text/plain", BadInput.utf8(header), "unsupported_media_type"));
    files.add(
        new Case(
            "multipart",
            "multipart/form-data; boundary=x",
            BadInput.utf8("--x\r\n\r\n" + header + "--x--\r\n"),
            "unsupported_media_type"));

    Map<String, String> before = BadInput.stored(gw.db.dataSource());
    List<String> notRejected = new ArrayList<>();
    for (Case c : files) {
      Reply r =
          send(
              gw,
              "POST",
              "/api/staff/roster/imports?name=bad.csv",
              c.contentType(),
              c.body(),
              cookie(city));
      if (r.status() == 202) {
        assertTrue(c.code() == null, () -> c.label() + " was taken: " + r.body());
        JsonObject job = awaitImport(new JsonObject(r.body()).getLong("importId"));
        if (!job.getString("state").equals("rejected")
            && !(UNDECODABLE.contains(c.label()) && job.getString("state").equals("failed"))) {
          notRejected.add(
              c.label() + " -> " + job.getString("state") + ": " + job.getString("message"));
        }
        assertTrue(
            job.getValue("message") instanceof String m && !m.isBlank(),
            () -> c.label() + ": no message in " + job.encode());
        for (String leak : BadInput.LEAKS) {
          assertFalse(
              job.encode().contains(leak), () -> c.label() + ": '" + leak + "' in " + job.encode());
        }
      } else {
        JsonObject error = assertRefused(r, c.label());
        if (c.code() != null) {
          assertEquals(c.code(), error.getString("error"), () -> c.label() + ": " + r.body());
        }
      }
      assertEquals(before, BadInput.stored(gw.db.dataSource()), () -> c.label() + " stored rows");
      TALLY.add(1);
    }
    assertEquals(List.of(), notRejected, "bad files must be rejected, not failed or done");
    assertReady(gw);
    Reply ok =
        send(
            gw,
            "POST",
            "/api/staff/roster/imports?name=ok.csv",
            csv,
            BadInput.utf8(header + row + "甲,M,2012,yes\r\n"),
            cookie(city));
    assertEquals(202, ok.status(), ok.body());
    assertEquals(
        "done", awaitImport(new JsonObject(ok.body()).getLong("importId")).getString("state"));
  }

  /**
   * A CSV that is neither UTF-8 nor GB18030 is the uploader's fault: {@code rejected}, with a
   * message saying so (it used to end {@code failed}, "on our side"). Nothing is written (asserted
   * in {@link #rosterImport_badFiles}).
   */
  @Test
  void rosterImport_undecodableFileRejectedNotFailed() {
    Reply r =
        send(
            gw,
            "POST",
            "/api/staff/roster/imports?name=bad.csv",
            "text/csv",
            BadInput.concat(BadInput.bytes(0xC0, 0xAF, 0xFF), BadInput.utf8("学号,姓名\r\n")),
            cookie(city));
    assertEquals(202, r.status(), r.body());
    JsonObject job = awaitImport(new JsonObject(r.body()).getLong("importId"));
    assertEquals("rejected", job.getString("state"), job.encode());
    assertTrue(job.encode().contains("GB18030"), job.encode());
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String[] cookie(String header) {
    return new String[] {"Cookie", header};
  }

  /** A crisis submit of a student in {@code psy}'s school; returns the id of its alert. */
  private static long crisisAlert() {
    long school = gw.studentA().schoolId();
    RosterEntry student =
        gw.roster.stream()
            .filter(e -> e.consent() && e.grade() >= 7 && e.grade() <= 9)
            .filter(e -> e.schoolId() == school && e.id() != gw.studentA().id())
            .skip(5)
            .findFirst()
            .orElseThrow();
    StudentInputTest.Session s = StudentInputTest.login(gw, student);
    JsonObject body =
        StudentInputTest.submitBody(s)
            .put(
                "answers",
                StudentPathTest.answers(
                    s.questionnaire(), (scale, item) -> scale.equals("phq9") && item == 9 ? 3 : 0));
    Reply r =
        send(
            gw,
            "POST",
            "/api/student/submit",
            BadInput.JSON,
            BadInput.utf8(body.encode()),
            s.auth());
    assertEquals(200, r.status(), r.body());
    return BadInput.count(
        gw.db.dataSource(),
        "SELECT o.id FROM alert_outbox o JOIN result r ON r.id = o.result_id WHERE r.student_id = "
            + student.id());
  }

  private static JsonObject awaitImport(long id) {
    return Eventually.await(
        "import " + id + " finishing",
        Duration.ofSeconds(60),
        () -> {
          Reply r =
              send(gw, "GET", "/api/staff/roster/imports/" + id, null, new byte[0], cookie(city));
          assertEquals(200, r.status(), r.body());
          JsonObject job = new JsonObject(r.body());
          String state = job.getString("state");
          return state.equals("done") || state.equals("rejected") || state.equals("failed")
              ? Optional.of(job)
              : Optional.empty();
        });
  }

  static byte[] randomBytes(Random random, int n) {
    byte[] b = new byte[n];
    random.nextBytes(b);
    return b;
  }

  private static byte[] zip(String name, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      z.putNextEntry(new ZipEntry(name));
      z.write(content);
      z.closeEntry();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void refuseAll(
      List<Case> cases, String method, String path, String[] auth, Consumer<Reply> nothingStored) {
    BadInput.refuseAll(gw, TALLY, cases, method, path, auth, nothingStored);
  }
}
