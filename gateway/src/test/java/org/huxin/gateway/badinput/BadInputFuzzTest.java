package org.huxin.gateway.badinput;

import static org.huxin.gateway.badinput.BadInput.assertReady;
import static org.huxin.gateway.badinput.BadInput.assertRefused;
import static org.huxin.gateway.badinput.BadInput.send;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.lifecycle.BeforeProperty;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.badinput.BadInput.Reply;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;

/**
 * Fuzzing every bodied endpoint: valid bodies broken by random mutations that each make the body
 * invalid whatever else happens (a field only the server sets, a required field dropped, a value of
 * the wrong type or out of range, a bad answer, bytes that are not UTF-8, a control byte, an
 * escaped lone surrogate, a key twice, a cut-off or wrapped or trailed or oversized document), and
 * random bytes and JSON-alphabet noise under random content types. Each input must be refused with
 * a clear 4xx and store nothing; after each property the node is ready, and at the end a valid
 * request of every kind still succeeds.
 */
@DatabaseTest
@Tag(DatabaseTest.TAG) // jqwik reads its own tag, not JUnit's
class BadInputFuzzTest {
  private static final BadInput.Tally TALLY = new BadInput.Tally(BadInputFuzzTest.class);
  private static final BigInteger TWO_TO_64 = BigInteger.ONE.shiftLeft(64);

  /** The kind of a field, for choosing a value of another kind. */
  enum Kind {
    STRING,
    INTEGER,
    OBJECT
  }

  /** One endpoint with a body: where it is, who calls it, a valid body and its fields' kinds. */
  record Op(
      String name,
      String method,
      String path,
      String[] auth,
      JsonObject valid,
      Map<String, Kind> fields,
      List<String> required) {}

  private static GatewayFixture gw;
  private static final List<Op> OPS = new ArrayList<>();
  private static RosterEntry submitter;
  private static Map<String, String> before;

  @BeforeContainer
  static void start() {
    gw = GatewayFixture.start(BadInputFuzzTest.class);
    Window ratingWindow = gw.openRatingWindow();
    String[] city = {"Cookie", gw.staffSession("city").cookieHeader()};
    String[] psy = {"Cookie", gw.staffSession("psy").cookieHeader()};

    RosterEntry loginStudent = gw.secondaryStudent(30);
    OPS.add(
        new Op(
            "studentLogin",
            "POST",
            "/api/student/login",
            new String[0],
            new JsonObject(gw.loginBody(loginStudent)),
            Map.of("schoolCode", Kind.STRING, "studentNo", Kind.STRING, "accessCode", Kind.STRING),
            List.of("schoolCode", "studentNo", "accessCode")));
    submitter = gw.secondaryStudent(31);
    StudentInputTest.Session s = StudentInputTest.login(gw, submitter);
    OPS.add(
        new Op(
            "studentSubmit",
            "POST",
            "/api/student/submit",
            s.auth(),
            StudentInputTest.submitBody(s),
            Map.of("idempotencyKey", Kind.STRING, "locale", Kind.STRING, "answers", Kind.OBJECT),
            List.of("idempotencyKey", "answers")));
    StudentInputTest.Session d = StudentInputTest.login(gw, gw.secondaryStudent(32));
    OPS.add(
        new Op(
            "saveDraft",
            "PUT",
            "/api/student/draft",
            d.auth(),
            new JsonObject()
                .put("seq", 1)
                .put("page", 0)
                .put(
                    "answers", StudentPathTest.answers(d.questionnaire(), StudentPathTest.ROUTINE)),
            Map.of("seq", Kind.INTEGER, "page", Kind.INTEGER, "answers", Kind.OBJECT),
            List.of("seq", "page", "answers")));
    OPS.add(
        new Op(
            "staffLogin",
            "POST",
            "/api/staff/login",
            new String[0],
            new JsonObject().put("username", "city").put("password", GatewayFixture.PASSWORD),
            Map.of("username", Kind.STRING, "password", Kind.STRING),
            List.of("username", "password")));
    OPS.add(
        new Op(
            "createWindow",
            "POST",
            "/api/staff/windows",
            city,
            new JsonObject()
                .put("name", "模糊测试窗口")
                .put("minGrade", 4)
                .put("maxGrade", 6)
                .put("batteryByBand", new JsonObject().put("4-6", "g4-6"))
                .put("opensAt", "2026-10-13T00:00:00Z")
                .put("closesAt", "2026-10-20T00:00:00Z"),
            Map.of(
                "name", Kind.STRING,
                "minGrade", Kind.INTEGER,
                "maxGrade", Kind.INTEGER,
                "batteryByBand", Kind.OBJECT,
                "opensAt", Kind.STRING,
                "closesAt", Kind.STRING),
            List.of("name", "minGrade", "maxGrade", "batteryByBand", "opensAt", "closesAt")));
    OPS.add(
        new Op(
            "setWindowStatus",
            "POST",
            "/api/staff/windows/" + gw.window.id() + "/status",
            city,
            new JsonObject().put("status", "paused"),
            Map.of("status", Kind.STRING),
            List.of("status")));
    OPS.add(
        new Op(
            "recordFollowup",
            "POST",
            "/api/staff/students/" + gw.studentA().id() + "/followups",
            psy,
            new JsonObject()
                .put("action", "interview")
                .put("note", "面谈记录")
                .put("windowId", gw.window.id()),
            Map.of("action", Kind.STRING, "note", Kind.STRING, "windowId", Kind.INTEGER),
            List.of("action")));
    BadInput.Rater rater = BadInput.rater(gw);
    RosterEntry child = rater.child();
    String[] psyG1 = {"Cookie", rater.cookie()};
    Reply listing =
        send(
            gw,
            "GET",
            "/api/staff/classes/" + child.classId() + "/ratings?window=" + ratingWindow.id(),
            null,
            new byte[0],
            psyG1);
    Reply q =
        send(
            gw,
            "GET",
            new JsonObject(listing.body()).getString("questionnaire"),
            null,
            new byte[0]);
    OPS.add(
        new Op(
            "rateStudent",
            "POST",
            "/api/staff/classes/" + child.classId() + "/ratings/" + child.id(),
            psyG1,
            new JsonObject()
                .put("window", ratingWindow.id())
                .put("idempotencyKey", UUID.randomUUID().toString())
                .put("answers", StudentPathTest.answers(new JsonObject(q.body()), (x, i) -> 0)),
            Map.of("window", Kind.INTEGER, "idempotencyKey", Kind.STRING, "answers", Kind.OBJECT),
            List.of("window", "idempotencyKey", "answers")));
  }

  @AfterContainer
  static void stop() {
    try {
      assertReady(gw);
      for (Op op : OPS) {
        Reply r =
            send(
                gw,
                op.method(),
                op.path(),
                BadInput.JSON,
                BadInput.utf8(op.valid().encode()),
                op.auth());
        if (r.status() / 100 != 2) {
          throw new AssertionError(
              "after fuzzing, a valid " + op.name() + " answered " + r.status() + " " + r.body());
        }
      }
      assertEquals(
          1,
          BadInput.count(
              gw.db.dataSource(),
              "SELECT count(*) FROM result WHERE student_id = " + submitter.id()));
    } finally {
      TALLY.print();
      gw.close();
    }
  }

  @BeforeProperty
  void snapshot() {
    before = BadInput.stored(gw.db.dataSource());
  }

  @AfterProperty
  void nothingStoredAndStillReady() {
    assertEquals(before, BadInput.stored(gw.db.dataSource()), "a refused input stored rows");
    assertReady(gw);
  }

  // ---- properties -----------------------------------------------------------------------------

  @Provide
  Arbitrary<Op> ops() {
    return Arbitraries.of(OPS);
  }

  @Provide
  Arbitrary<Op> studentOps() {
    return Arbitraries.of(OPS.subList(0, 3));
  }

  @Provide
  Arbitrary<Op> staffOps() {
    return Arbitraries.of(OPS.subList(3, OPS.size()));
  }

  @Property(tries = 800)
  void studentEndpoints_mutatedBodiesRefused(@ForAll("studentOps") Op op, @ForAll Random random) {
    refused(op, mutate(op, random), "mutated");
  }

  @Property(tries = 700)
  void staffEndpoints_mutatedBodiesRefused(@ForAll("staffOps") Op op, @ForAll Random random) {
    refused(op, mutate(op, random), "mutated");
  }

  @Provide
  Arbitrary<byte[]> noise() {
    Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(3_000);
    Arbitrary<byte[]> jsonish =
        Arbitraries.strings()
            .withChars("{}[]\":,0123456789.eE-+ \\tufalsn")
            .ofMaxLength(400)
            .map(BadInput::utf8);
    return Arbitraries.oneOf(List.of(bytes, jsonish));
  }

  @Provide
  Arbitrary<String> contentTypes() {
    return Arbitraries.of(
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "application/json-patch+json",
        "text/plain",
        "application/x-www-form-urlencoded",
        "application/octet-stream",
        "none");
  }

  @Property(tries = 700)
  void everyEndpoint_noiseRefused(
      @ForAll("ops") Op op,
      @ForAll("noise") byte[] body,
      @ForAll("contentTypes") String contentType) {
    String type = contentType.equals("none") ? null : contentType;
    Reply r = send(gw, op.method(), op.path(), type, body, op.auth());
    assertRefused(r, op.name() + " noise of " + body.length + " bytes as " + type);
    TALLY.add(1);
  }

  // ---- the mutations ---------------------------------------------------------------------------

  private static void refused(Op op, byte[] body, String what) {
    Reply r = send(gw, op.method(), op.path(), BadInput.JSON, body, op.auth());
    assertRefused(r, op.name() + " " + what + ": " + preview(body));
    if (op.name().equals("studentSubmit")) {
      assertEquals(
          0,
          BadInput.count(
              gw.db.dataSource(),
              "SELECT count(*) FROM result WHERE student_id = " + submitter.id()),
          () -> "stored after " + preview(body));
    }
    TALLY.add(1);
  }

  private static String preview(byte[] body) {
    String s = new String(body, java.nio.charset.StandardCharsets.UTF_8);
    return s.length() <= 300 ? s : s.substring(0, 300) + "…(" + body.length + " bytes)";
  }

  /**
   * The valid body of {@code op} with one breaking mutation (and sometimes more), as bytes: a
   * structural one on the JSON, then maybe one on the text.
   */
  static byte[] mutate(Op op, Random r) {
    JsonObject body = op.valid().copy();
    boolean broken = false;
    int structural = r.nextInt(3);
    for (int i = 0; i < structural; i++) {
      breakStructure(op, body, r);
      broken = true;
    }
    String text = body.encode();
    if (!broken || r.nextInt(3) == 0) {
      return breakText(body, text, r);
    }
    return BadInput.utf8(text);
  }

  private static void breakStructure(Op op, JsonObject body, Random r) {
    List<String> fields = new ArrayList<>(op.fields().keySet());
    fields.sort(null);
    String field = fields.get(r.nextInt(fields.size()));
    switch (r.nextInt(op.fields().containsValue(Kind.OBJECT) ? 4 : 3)) {
      case 0 -> {
        List<String> foreign =
            StudentInputTest.SERVER_FIELDS.stream()
                .filter(f -> !op.fields().containsKey(f))
                .toList();
        body.put(foreign.get(r.nextInt(foreign.size())), anyValue(r));
      }
      case 1 -> body.remove(pick(r, op.required().toArray(new String[0])));
      case 2 -> body.put(field, wrongValue(op.fields().get(field), r));
      default -> {
        if (!(body.getValue("answers") instanceof JsonObject answers) || answers.isEmpty()) {
          body.put("answers", "x");
          return;
        }
        List<String> scales = new ArrayList<>(answers.fieldNames());
        scales.sort(null);
        JsonArray items = answers.getJsonArray(scales.get(r.nextInt(scales.size())));
        if (items == null || items.isEmpty()) {
          body.put("answers", 1);
          return;
        }
        items.set(r.nextInt(items.size()), badAnswer(r));
      }
    }
  }

  private static Object anyValue(Random r) {
    return switch (r.nextInt(6)) {
      case 0 -> r.nextInt(4);
      case 1 -> "routine";
      case 2 -> null;
      case 3 -> new JsonArray().add(1);
      case 4 -> new JsonObject().put("tier", 3);
      default -> r.nextBoolean();
    };
  }

  private static Object wrongValue(Kind kind, Random r) {
    Object[] values =
        switch (kind) {
          case STRING -> new Object[] {1, true, new JsonArray(), new JsonObject(), 1.5, -1};
          case INTEGER ->
              new Object[] {
                "1", true, new JsonArray(), new JsonObject(), 0.5, -1, TWO_TO_64, "", 1e300 + 0.5
              };
          case OBJECT -> new Object[] {"x", 1, new JsonArray(), true, 1.5};
        };
    return values[r.nextInt(values.length)];
  }

  private static Object badAnswer(Random r) {
    Object[] values = {
      -1, 100, 2_147_483_648L, TWO_TO_64, 0.5, "1", true, new JsonArray(), new JsonObject()
    };
    return values[r.nextInt(values.length)];
  }

  private static byte[] breakText(JsonObject body, String text, Random r) {
    byte[] bytes = BadInput.utf8(text);
    int at = 1 + r.nextInt(bytes.length - 1);
    return switch (r.nextInt(9)) {
      case 0 -> insert(bytes, at, BadInput.NOT_UTF8.get(r.nextInt(BadInput.NOT_UTF8.size())));
      case 1 -> java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
      case 2 -> insert(bytes, at, new byte[] {(byte) pickInt(r, 0, 1, 7, 8, 11, 12, 14, 27, 31)});
      case 3 -> {
        List<String> keys = new ArrayList<>(body.fieldNames());
        if (keys.isEmpty()) {
          yield java.util.Arrays.copyOf(bytes, r.nextInt(bytes.length));
        }
        keys.sort(null);
        String key = keys.get(r.nextInt(keys.size()));
        String again = new JsonObject().put(key, body.getValue(key)).encode();
        yield BadInput.utf8(text.substring(0, text.length() - 1) + "," + again.substring(1));
      }
      case 4 -> BadInput.utf8("[".repeat(1 + r.nextInt(20_000)) + text);
      case 5 -> BadInput.utf8(text + pick(r, "x", "{}", "1", "\"", ",", "]", "null"));
      case 6 ->
          insert(
              bytes,
              firstStringStart(text),
              BadInput.utf8(pick(r, "\\ud800", "\\udfff", "\\ud800\\ud800")));
      case 7 ->
          BadInput.utf8(
              "{"
                  + " ".repeat(org.huxin.gateway.Routes.BODY_LIMIT + r.nextInt(1000))
                  + text.substring(1));
      default -> BadInput.utf8(pick(r, "[", "\"", "1 ", "null ", "true ") + text);
    };
  }

  /** The index just after the opening quote of the first key. */
  private static int firstStringStart(String text) {
    return text.indexOf('"') + 1;
  }

  private static byte[] insert(byte[] bytes, int at, byte[] inserted) {
    byte[] out = new byte[bytes.length + inserted.length];
    System.arraycopy(bytes, 0, out, 0, at);
    System.arraycopy(inserted, 0, out, at, inserted.length);
    System.arraycopy(bytes, at, out, at + inserted.length, bytes.length - at);
    return out;
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }

  private static int pickInt(Random r, int... values) {
    return values[r.nextInt(values.length)];
  }
}
