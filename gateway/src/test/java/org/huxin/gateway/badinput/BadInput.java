package org.huxin.gateway.badinput;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.gateway.Routes;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.testing.GatewayFixture;

/**
 * What every bad-input test shares: sending raw bytes (java.net.http, or a bare socket for framing
 * the client library refuses to write), the verdict on a refusal, a snapshot of everything a
 * request could store, and the count of inputs tried.
 */
final class BadInput {
  /** Words that only a stack trace or an internal detail would put in a response body. */
  static final List<String> LEAKS = List.of("Exception", "\tat ", "org.huxin", "io.vertx");

  static final String JSON = "application/json";

  /** Byte sequences that are not UTF-8: a stray continuation, overlong, a surrogate, too high. */
  static final List<byte[]> NOT_UTF8 =
      List.of(
          bytes(0x80),
          bytes(0xBF),
          bytes(0xC0, 0xAF),
          bytes(0xC1, 0xBF),
          bytes(0xE0, 0x80, 0xAF),
          bytes(0xED, 0xA0, 0x80),
          bytes(0xED, 0xBF, 0xBF),
          bytes(0xF0, 0x80, 0x80, 0xAF),
          bytes(0xF4, 0x90, 0x80, 0x80),
          bytes(0xF5, 0x80, 0x80, 0x80),
          bytes(0xFE),
          bytes(0xFF),
          bytes(0xC3),
          bytes(0xE4, 0xB8),
          bytes(0xC3, 0x28));

  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private BadInput() {}

  /** A response: status and body text. */
  record Reply(int status, String body) {}

  /** Inputs one test class tried, printed once as {@code BADINPUT class=… inputs=N}. */
  static final class Tally {
    private final String owner;
    private final AtomicLong inputs = new AtomicLong();

    Tally(Class<?> owner) {
      this.owner = owner.getSimpleName();
    }

    void add(long n) {
      inputs.addAndGet(n);
    }

    long inputs() {
      return inputs.get();
    }

    void print() {
      System.out.println("BADINPUT class=" + owner + " inputs=" + inputs.get());
    }
  }

  /**
   * One bad request body: a label for the failure message, the Content-Type (null: none), the
   * bytes, and the error code it must get (null: any clear 4xx).
   */
  record Case(String label, String contentType, byte[] body, String code) {
    static Case json(String label, String body) {
      return new Case(label, JSON, utf8(body), null);
    }

    static Case json(String label, String body, String code) {
      return new Case(label, JSON, utf8(body), code);
    }

    static Case bytes(String label, byte[] body, String code) {
      return new Case(label, JSON, body, code);
    }
  }

  /**
   * Bad bodies any JSON endpoint must refuse, built around {@code valid} (a valid body of the
   * endpoint, compact JSON): not JSON, not an object, wrong content types, too big, too deep,
   * duplicate keys, bytes that are not UTF-8 and escaped lone surrogates spliced into the first
   * string value, which starts right after {@code inString}.
   */
  static List<Case> malformed(String valid, String inString) {
    List<Case> cases = new ArrayList<>();
    cases.add(Case.json("empty body", "", "empty_body"));
    cases.add(Case.json("only whitespace", " \r\n\t "));
    for (String notObject : List.of("null", "[]", "\"x\"", "1", "true", "[" + valid + "]")) {
      cases.add(Case.json("not an object: " + cut(notObject), notObject, "invalid_request"));
    }
    cases.add(Case.json("truncated", valid.substring(0, valid.length() / 2), "malformed_json"));
    cases.add(Case.json("one byte short", valid.substring(0, valid.length() - 1)));
    cases.add(Case.json("trailing garbage", valid + " x", "malformed_json"));
    cases.add(Case.json("second document", valid + valid, "malformed_json"));
    cases.add(Case.json("single quotes", valid.replace('"', '\''), "malformed_json"));
    cases.add(Case.json("comment", "/* hi */" + valid, "malformed_json"));
    cases.add(Case.json("NaN", "{\"x\":NaN}", "malformed_json"));
    String inner = valid.substring(1, valid.length() - 1);
    cases.add(Case.json("every key twice", "{" + inner + "," + inner + "}", "malformed_json"));
    int firstComma = inner.indexOf(",\"");
    if (firstComma > 0) {
      String first = inner.substring(0, firstComma);
      cases.add(Case.json("first key again, last", "{" + inner + "," + first + "}"));
    }
    cases.add(Case.json("10,000 nested arrays", nestedArrays(10_000), "malformed_json"));
    cases.add(Case.json("10,000 nested objects", nestedObjects(10_000), "malformed_json"));
    cases.add(
        Case.json(
            "10,000 nested arrays in a field",
            "{" + inner + ",\"z\":" + nestedArrays(10_000) + "}",
            "malformed_json"));
    cases.add(
        Case.json(
            "200 nested arrays in a field", "{" + inner + ",\"z\":" + nestedArrays(200) + "}"));
    cases.add(
        Case.json("number of 5,000 digits", "{\"x\":" + "9".repeat(5_000) + "}", "malformed_json"));
    cases.add(
        Case.json(
            "over 64 KiB of whitespace",
            "{" + " ".repeat(Routes.BODY_LIMIT) + inner + "}",
            "body_too_large"));
    cases.add(
        Case.json(
            "over 64 KiB in a field",
            "{" + inner + ",\"pad\":\"" + "x".repeat(Routes.BODY_LIMIT) + "\"}",
            "body_too_large"));
    for (byte[] bad : NOT_UTF8) {
      cases.add(
          Case.bytes("not UTF-8 in a string: " + hex(bad), splice(valid, inString, bad), null));
    }
    cases.add(Case.bytes("not UTF-8 before the object", concat(bytes(0xFF), utf8(valid)), null));
    cases.add(
        Case.bytes(
            "CESU-8 surrogate pair in a string",
            splice(valid, inString, bytes(0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80)),
            null));
    cases.add(Case.bytes("NUL in a string", splice(valid, inString, bytes(0)), "malformed_json"));
    cases.add(
        Case.bytes("raw tab in a string", splice(valid, inString, bytes(9)), "malformed_json"));
    for (String lone : List.of("\\ud800", "\\udfff", "\\udc00\\ud800", "\\ud800A")) {
      cases.add(
          Case.bytes("escaped lone surrogate " + lone, splice(valid, inString, utf8(lone)), null));
    }
    cases.add(Case.json("escaped lone surrogate as a key", "{\"\\ud800\":1," + inner + "}"));
    cases.add(Case.json("broken escape", "{\"a\\x\":1}", "malformed_json"));
    cases.add(Case.json("unicode escape cut short", "{\"a\\u12\":1}", "malformed_json"));
    byte[] body = utf8(valid);
    cases.add(new Case("text/plain", "text/plain", body, "unsupported_media_type"));
    cases.add(
        new Case(
            "form",
            "application/x-www-form-urlencoded",
            utf8("a=1&b=2"),
            "unsupported_media_type"));
    cases.add(
        new Case(
            "multipart",
            "multipart/form-data; boundary=x",
            utf8("--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--x--\r\n"),
            "unsupported_media_type"));
    cases.add(new Case("no content type", null, body, "unsupported_media_type"));
    cases.add(new Case("xml", "application/xml", utf8("<a/>"), "unsupported_media_type"));
    cases.add(new Case("json as UTF-16", "application/json; charset=utf-16", body16(valid), null));
    return cases;
  }

  private static byte[] body16(String s) {
    return s.getBytes(StandardCharsets.UTF_16BE);
  }

  static String hex(byte[] b) {
    StringBuilder out = new StringBuilder();
    for (byte x : b) {
      out.append(String.format("%02X", x & 0xFF));
    }
    return out.toString();
  }

  static String cut(String s) {
    return s.length() <= 40 ? s : s.substring(0, 40) + "…";
  }

  static byte[] bytes(int... values) {
    byte[] out = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      out[i] = (byte) values[i];
    }
    return out;
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** {@code json} with {@code inserted} spliced in right after the first {@code marker}. */
  static byte[] splice(String json, String marker, byte[] inserted) {
    int at = json.indexOf(marker);
    if (at < 0) {
      throw new IllegalArgumentException("no '" + marker + "' in " + json);
    }
    at += marker.length();
    return concat(utf8(json.substring(0, at)), inserted, utf8(json.substring(at)));
  }

  /** {@code depth} arrays, one inside the other. */
  static String nestedArrays(int depth) {
    return "[".repeat(depth) + "]".repeat(depth);
  }

  /** {@code depth} objects, one inside the other under the key {@code a}. */
  static String nestedObjects(int depth) {
    return "{\"a\":".repeat(depth) + "1" + "}".repeat(depth);
  }

  /**
   * Sends {@code body} with {@code method} to {@code path}; a null {@code contentType} sends no
   * Content-Type header. {@code headers} are name, value pairs.
   */
  static Reply send(
      GatewayFixture gw,
      String method,
      String path,
      String contentType,
      byte[] body,
      String... headers) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.app.port() + path))
            .timeout(Duration.ofSeconds(30))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<byte[]> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
      return new Reply(r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(method + " " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes {@code request} (the whole HTTP/1.1 request, head and body, as bytes) on a fresh socket
   * and reads the answer until the server closes the connection or has sent the whole body; status
   * -1 when the connection closed without an answer.
   */
  static Reply raw(GatewayFixture gw, byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", gw.app.port())) {
      socket.setSoTimeout(15_000);
      OutputStream out = socket.getOutputStream();
      out.write(request);
      out.flush();
      return readReply(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Reply readReply(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[8192];
    int headEnd = -1;
    long contentLength = -1;
    while (true) {
      int n;
      try {
        n = in.read(buf);
      } catch (java.net.SocketException e) {
        break; // reset after the answer: what arrived is what counts
      }
      if (n < 0) {
        break;
      }
      got.write(buf, 0, n);
      String text = got.toString(StandardCharsets.ISO_8859_1);
      if (headEnd < 0) {
        headEnd = text.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
          for (String line : text.substring(0, headEnd).split("\r\n")) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
              contentLength = Long.parseLong(line.substring(15).trim());
            }
          }
        }
      }
      if (headEnd >= 0 && contentLength >= 0 && got.size() >= headEnd + 4 + contentLength) {
        break;
      }
    }
    String text = got.toString(StandardCharsets.UTF_8);
    if (!text.startsWith("HTTP/1.1 ")) {
      return new Reply(-1, "no HTTP answer, got: '" + text + "'");
    }
    int status = Integer.parseInt(text.substring(9, 12));
    int end = text.indexOf("\r\n\r\n");
    return new Reply(status, end < 0 ? "" : text.substring(end + 4));
  }

  /**
   * Asserts {@code r} is a clear refusal: a 4xx whose body is a JSON object with a non-blank {@code
   * error} code and {@code message}, and nothing a stack trace would leave behind.
   */
  static JsonObject assertRefused(Reply r, String input) {
    assertTrue(
        r.status() >= 400 && r.status() < 500,
        () -> input + ": expected a 4xx, got " + r.status() + " " + r.body());
    for (String leak : LEAKS) {
      assertFalse(r.body().contains(leak), () -> input + ": '" + leak + "' in " + r.body());
    }
    JsonObject error;
    try {
      error = new JsonObject(r.body());
    } catch (DecodeException | ClassCastException e) {
      throw new AssertionError(input + ": the body is not a JSON object: " + r.body(), e);
    }
    assertTrue(
        error.getValue("error") instanceof String code && !code.isBlank(),
        () -> input + ": no error code in " + r.body());
    assertTrue(
        error.getValue("message") instanceof String m && !m.isBlank(),
        () -> input + ": no message in " + r.body());
    return error;
  }

  /**
   * Sends every case, asserting a clear refusal (and its code when the case names one), that no row
   * of any table changed and that {@code nothingStored} holds; then that the node is ready.
   */
  static void refuseAll(
      GatewayFixture gw,
      Tally tally,
      List<Case> cases,
      String method,
      String path,
      String[] auth,
      Consumer<Reply> nothingStored) {
    Map<String, String> before = stored(gw.db.dataSource());
    for (Case c : cases) {
      Reply r = send(gw, method, path, c.contentType(), c.body(), auth);
      JsonObject error = assertRefused(r, method + " " + path + " " + c.label());
      if (c.code() != null) {
        assertEquals(c.code(), error.getString("error"), () -> c.label() + ": " + r.body());
      }
      nothingStored.accept(r);
      assertEquals(before, stored(gw.db.dataSource()), () -> c.label() + " stored something");
      tally.add(1);
    }
    assertReady(gw);
  }

  /** A consenting child of grades 1–3 and the signed-in psychologist of the child's school. */
  record Rater(RosterEntry child, String cookie) {}

  /**
   * The first consenting child of grades 1–3, with a new school psychologist account ({@code
   * psy-g1}) for the child's school, signed in: the fixture's {@code psy} has a junior school.
   */
  static Rater rater(GatewayFixture gw) {
    RosterEntry child =
        gw.roster.stream().filter(e -> e.grade() <= 3 && e.consent()).findFirst().orElseThrow();
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "psy-g1",
                PasswordHasher.hash(GatewayFixture.PASSWORD),
                StaffRole.SCHOOL_PSYCHOLOGIST,
                child.districtId(),
                child.schoolId(),
                null,
                "psy-g1"));
    return new Rater(child, gw.staffSession("psy-g1").cookieHeader());
  }

  /** Asserts the node still says it is ready. */
  static void assertReady(GatewayFixture gw) {
    Reply r = send(gw, "GET", "/health/ready", null, new byte[0]);
    assertEquals(200, r.status(), () -> "not ready after bad input: " + r.body());
  }

  /**
   * Everything a request could store, as one comparable snapshot: row counts of the tables the
   * bodied endpoints write, and each window's status.
   */
  static Map<String, String> stored(DataSource ds) {
    Map<String, String> snapshot = new LinkedHashMap<>();
    List<String> queries = new ArrayList<>();
    for (String table :
        List.of(
            "result",
            "staff_account",
            "followup",
            "followup_case",
            "screening_window",
            "student",
            "school",
            "school_class",
            "district")) {
      queries.add("SELECT '" + table + "', count(*)::text FROM " + table);
    }
    queries.add(
        "SELECT 'acknowledged alerts', count(*)::text FROM alert_outbox"
            + " WHERE acknowledged_at IS NOT NULL");
    queries.add(
        "SELECT 'window status', coalesce(string_agg(id || '=' || status, ',' ORDER BY id), '')"
            + " FROM screening_window");
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(String.join(" UNION ALL ", queries))) {
      while (rs.next()) {
        snapshot.put(rs.getString(1), rs.getString(2));
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    return snapshot;
  }

  /** One count. */
  static long count(DataSource ds, String sql) {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      assertTrue(rs.next(), sql);
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
