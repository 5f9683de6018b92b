package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.OpenAPIVersion;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.Routes;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI contract: it parses, it covers every route of {@link Routes} (and no route that does
 * not exist), its security is what the routes do, it is served with an ETag, and for every endpoint
 * with a body a missing field, a wrong type, a value too long and an extra field are each refused
 * with 400 naming the field and the rule, writing nothing.
 */
@DatabaseTest
class ContractTest {
  /** Routes that are not API: the student page's static files. */
  private static final Set<String> NOT_API =
      Set.of("GET /", "HEAD /", "GET /webjars/", "HEAD /webjars/");

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(ContractTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  // ---- the document ---------------------------------------------------------------------------

  @Test
  void contract_parsesAsOpenApi31() {
    OpenAPIContract contract = gw.app.services().contract().contract();
    assertEquals(OpenAPIVersion.V3_1, contract.getVersion());
    assertTrue(contract.operations().size() >= 15, "operations: " + contract.operations().size());
  }

  @Test
  void routes_everyRouteHasAnOperationAndEveryOperationARoute() {
    Router router = Routes.build(gw.vertx, gw.app.services(), false);
    Set<String> routes = new TreeSet<>();
    for (Route route : router.getRoutes()) {
      if (route.getPath() == null || route.methods() == null || route.methods().isEmpty()) {
        continue; // handlers for every request (headers, admission, failures), not endpoints
      }
      for (HttpMethod method : route.methods()) {
        routes.add(method.name() + " " + route.getPath().replaceAll(":(\\w+)", "{$1}"));
      }
    }
    routes.removeAll(NOT_API);
    Set<String> operations = new TreeSet<>();
    for (Operation op : gw.app.services().contract().contract().operations()) {
      operations.add(op.getHttpMethod().name() + " " + op.getOpenAPIPath());
    }
    Set<String> withoutContract = new TreeSet<>(routes);
    withoutContract.removeAll(operations);
    assertEquals(
        Set.of(), withoutContract, "routes in Routes.java with no operation in huxin.yaml");
    Set<String> withoutRoute = new TreeSet<>(operations);
    withoutRoute.removeAll(routes);
    assertEquals(Set.of(), withoutRoute, "operations in huxin.yaml with no route");
  }

  @Test
  void openapiDocument_servedAsWrittenWithEtag() throws IOException {
    HttpResponse<byte[]> r = gw.http.getBytes("/api/openapi.yaml");
    assertEquals(200, r.statusCode());
    assertEquals("application/yaml", r.headers().firstValue("content-type").orElse(null));
    assertTrue(r.headers().firstValue("cache-control").orElse("").contains("max-age"));
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(ApiContract.RESOURCE)) {
      assertArrayEquals(in.readAllBytes(), r.body());
    }
    String etag = r.headers().firstValue("etag").orElseThrow();
    assertEquals(304, gw.http.get("/api/openapi.yaml", "If-None-Match", etag).statusCode());
  }

  /**
   * The contract's {@code security} is true: every operation declares it; one that names only
   * credentials answers 401 to a caller with none; one that says {@code security: []} (or allows
   * {@code {}}, as metrics does for loopback callers) never does.
   */
  @Test
  void security_declaredEverywhereAndTrue() {
    Http stranger = new Http(gw.app.port());
    Set<String> wrong = new TreeSet<>();
    for (Operation op : gw.app.services().contract().contract().operations()) {
      String name = op.getHttpMethod().name() + " " + op.getOpenAPIPath();
      if (!op.getOpenAPIModel().containsKey("security")) {
        wrong.add(name + " declares no security (a public operation says security: [])");
        continue;
      }
      boolean open =
          op.getSecurityRequirements().isEmpty()
              || op.getSecurityRequirements().stream().anyMatch(r -> r.isEmpty());
      String path = op.getOpenAPIPath().replaceAll("\\{\\w+}", "1");
      String type =
          op.getRequestBody() == null
              ? "application/json"
              : op.getRequestBody().getContent().keySet().iterator().next();
      int status =
          switch (op.getHttpMethod().name()) {
            case "GET" -> stranger.get(path).statusCode();
            case "POST" -> stranger.post(path, type, "{}").statusCode();
            case "PUT" -> stranger.put(path, "{}").statusCode();
            case "DELETE" -> stranger.delete(path).statusCode();
            default -> throw new AssertionError("no probe for " + name);
          };
      if (open == (status == 401)) {
        wrong.add(
            name
                + (open ? " is public in the contract" : " names credentials")
                + " but answered "
                + status
                + " to a caller without any");
      }
    }
    assertEquals(Set.of(), wrong, "the contract's security");
  }

  // ---- POST /api/student/login ----------------------------------------------------------------

  @Test
  void studentLogin_missingField() {
    double failedBefore = failedLogins();
    assertInvalid(
        gw.http.postJson("/api/student/login", "{\"schoolCode\":\"S1\",\"accessCode\":\"A\"}"),
        "body: 'studentNo' is required");
    assertEquals(failedBefore, failedLogins(), "not counted as a wrong code");
  }

  @Test
  void studentLogin_wrongType() {
    assertInvalid(
        gw.http.postJson(
            "/api/student/login", "{\"schoolCode\":5,\"studentNo\":\"1\",\"accessCode\":\"A\"}"),
        "body: 'schoolCode' must be a string");
  }

  @Test
  void studentLogin_tooLong() {
    RosterEntry student = gw.secondaryStudent(0);
    String tooLong = "9".repeat(33);
    HttpResponse<String> r =
        gw.http.postJson(
            "/api/student/login",
            GatewayFixture.loginBody(student.schoolCode(), tooLong, gw.codeOf(student)));
    assertInvalid(r, "body: 'studentNo' must be at most 32 characters");
    assertFalse(r.body().contains(tooLong), "the value sent is never echoed");
  }

  @Test
  void studentLogin_extraField() {
    RosterEntry student = gw.secondaryStudent(0);
    JsonObject body = new JsonObject(gw.loginBody(student)).put("schoolId", 1);
    HttpResponse<String> r = gw.http.postJson("/api/student/login", body.encode());
    assertInvalid(r, "body: 'schoolId' is not accepted here");
    assertFalse(r.body().contains("token"));
  }

  @Test
  void studentLogin_emptyBody() {
    HttpResponse<String> r = gw.http.postJson("/api/student/login", "");
    assertEquals(400, r.statusCode(), r.body());
    assertEquals("empty_body", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void studentLogin_notAnObject() {
    assertInvalid(gw.http.postJson("/api/student/login", "[1,2]"), "body must be a JSON object");
  }

  // ---- POST /api/student/submit ---------------------------------------------------------------

  @Test
  void studentSubmit_missingField() {
    Session s = Session.of(gw.secondaryStudent(1));
    JsonObject body = s.submitBody();
    body.remove("idempotencyKey");
    assertInvalid(s.submit(body), "body: 'idempotencyKey' is required");
    assertEquals(0, rowsOf(s.student));
  }

  @Test
  void studentSubmit_wrongType() {
    Session s = Session.of(gw.secondaryStudent(1));
    assertInvalid(
        s.submit(s.submitBody().put("answers", "all zero")),
        "body: 'answers' must be a JSON object");
    assertEquals(0, rowsOf(s.student));
  }

  @Test
  void studentSubmit_notAUuid() {
    Session s = Session.of(gw.secondaryStudent(1));
    assertInvalid(
        s.submit(s.submitBody().put("idempotencyKey", "12345")),
        "body: 'idempotencyKey' must be a UUID (8-4-4-4-12 hex digits)");
    assertEquals(0, rowsOf(s.student));
  }

  @Test
  void studentSubmit_tooLong() {
    Session s = Session.of(gw.secondaryStudent(1));
    JsonObject body = s.submitBody();
    JsonArray phq9 = body.getJsonObject("answers").getJsonArray("phq9");
    while (phq9.size() <= 64) {
      phq9.add(0);
    }
    assertInvalid(s.submit(body), "body: 'answers.phq9' must have at most 64 items");
    assertEquals(0, rowsOf(s.student));
  }

  @Test
  void studentSubmit_extraField() {
    Session s = Session.of(gw.secondaryStudent(1));
    assertInvalid(s.submit(s.submitBody().put("score", 0)), "body: 'score' is not accepted here");
    assertEquals(0, rowsOf(s.student));
  }

  @Test
  void studentSubmit_badScaleKey() {
    Session s = Session.of(gw.secondaryStudent(1));
    JsonObject body = s.submitBody();
    body.getJsonObject("answers").put("PHQ-9", new JsonArray().add(1));
    assertInvalid(
        s.submit(body),
        "body: 'answers' has a key 'PHQ-9' that must match the pattern ^[a-z][a-z0-9_-]{0,31}$");
    assertEquals(0, rowsOf(s.student));
  }

  @Test
  void studentSubmit_noTokenIsRefusedBeforeTheContract() {
    HttpResponse<String> r = gw.http.postJson("/api/student/submit", "{\"x\":1}");
    assertEquals(401, r.statusCode(), "a caller without a token learns nothing from a 400");
  }

  // ---- PUT /api/student/draft -----------------------------------------------------------------

  @Test
  void saveDraft_missingField() {
    Session s = Session.of(gw.secondaryStudent(2));
    JsonObject body = s.draftBody();
    body.remove("seq");
    assertInvalid(s.saveDraft(body), "body: 'seq' is required");
    assertNoDraft(s);
  }

  @Test
  void saveDraft_wrongType() {
    Session s = Session.of(gw.secondaryStudent(2));
    assertInvalid(
        s.saveDraft(s.draftBody().put("page", "2")), "body: 'page' must be a whole number");
    assertNoDraft(s);
  }

  @Test
  void saveDraft_tooLarge() {
    Session s = Session.of(gw.secondaryStudent(2));
    assertInvalid(s.saveDraft(s.draftBody().put("page", 256)), "body: 'page' must be at most 255");
    assertNoDraft(s);
  }

  @Test
  void saveDraft_extraField() {
    Session s = Session.of(gw.secondaryStudent(2));
    assertInvalid(s.saveDraft(s.draftBody().put("tier", 3)), "body: 'tier' is not accepted here");
    assertNoDraft(s);
  }

  // ---- POST /api/staff/login ------------------------------------------------------------------

  @Test
  void staffLogin_missingField() {
    assertNoSession(
        assertInvalid(
            staffLogin(new JsonObject().put("username", "city")), "body: 'password' is required"));
  }

  @Test
  void staffLogin_wrongType() {
    assertNoSession(
        assertInvalid(
            staffLogin(new JsonObject().put("username", 7).put("password", "x")),
            "body: 'username' must be a string"));
  }

  @Test
  void staffLogin_tooLong() {
    assertNoSession(
        assertInvalid(
            staffLogin(new JsonObject().put("username", "city").put("password", "p".repeat(257))),
            "body: 'password' must be at most 256 characters"));
  }

  @Test
  void staffLogin_extraField() {
    assertNoSession(
        assertInvalid(
            staffLogin(
                new JsonObject()
                    .put("username", "city")
                    .put("password", GatewayFixture.PASSWORD)
                    .put("role", "city_admin")),
            "body: 'role' is not accepted here"));
  }

  // ---- POST /api/staff/windows/:id/status -----------------------------------------------------

  @Test
  void setWindowStatus_missingField() {
    assertInvalid(setStatus(new JsonObject()), "body: 'status' is required");
    assertWindowStillOpen();
  }

  @Test
  void setWindowStatus_wrongType() {
    assertInvalid(
        setStatus(new JsonObject().put("status", true)), "body: 'status' must be a string");
    assertWindowStillOpen();
  }

  @Test
  void setWindowStatus_notAllowedValue() {
    assertInvalid(
        setStatus(new JsonObject().put("status", "reopened")),
        "body: 'status' must be one of open, paused, closed");
    assertWindowStillOpen();
  }

  @Test
  void setWindowStatus_extraField() {
    assertInvalid(
        setStatus(new JsonObject().put("status", "closed").put("windowId", 1)),
        "body: 'windowId' is not accepted here");
    assertWindowStillOpen();
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** A logged-in student with their questionnaire. */
  private record Session(RosterEntry student, String token, JsonObject questionnaire) {
    static Session of(RosterEntry student) {
      HttpResponse<String> r = gw.http.postJson("/api/student/login", gw.loginBody(student));
      assertEquals(200, r.statusCode(), r.body());
      JsonObject login = new JsonObject(r.body());
      JsonObject questionnaire =
          new JsonObject(gw.http.get(login.getString("questionnaire")).body());
      return new Session(student, login.getString("token"), questionnaire);
    }

    JsonObject submitBody() {
      return new JsonObject()
          .put("idempotencyKey", UUID.randomUUID().toString())
          .put("locale", "zh-CN")
          .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE));
    }

    JsonObject draftBody() {
      return new JsonObject()
          .put("seq", 1)
          .put("page", 0)
          .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE));
    }

    HttpResponse<String> submit(JsonObject body) {
      return gw.http.postJson(
          "/api/student/submit", body.encode(), "Authorization", "Bearer " + token);
    }

    HttpResponse<String> saveDraft(JsonObject body) {
      return gw.http.put("/api/student/draft", body.encode(), "Authorization", "Bearer " + token);
    }
  }

  private static HttpResponse<String> assertInvalid(HttpResponse<String> r, String message) {
    assertEquals(400, r.statusCode(), r.body());
    JsonObject error = new JsonObject(r.body());
    assertEquals("invalid_request", error.getString("error"), r.body());
    assertEquals(message, error.getString("message"));
    assertFalse(r.body().contains("Exception"), "no stack trace");
    return r;
  }

  private static void assertNoDraft(Session s) {
    HttpResponse<String> r =
        gw.http.get("/api/student/draft", "Authorization", "Bearer " + s.token());
    assertEquals(404, r.statusCode(), "nothing was saved: " + r.body());
  }

  private static HttpResponse<String> staffLogin(JsonObject body) {
    return new Http(gw.app.port()).postJson("/api/staff/login", body.encode());
  }

  private static void assertNoSession(HttpResponse<String> r) {
    assertTrue(r.headers().allValues("set-cookie").isEmpty(), "no session cookie was issued");
  }

  private static HttpResponse<String> setStatus(JsonObject body) {
    Http admin = new Http(gw.app.port());
    HttpResponse<String> login =
        admin.postJson(
            "/api/staff/login",
            new JsonObject()
                .put("username", "city")
                .put("password", GatewayFixture.PASSWORD)
                .encode());
    assertEquals(200, login.statusCode(), login.body());
    return admin.postJson("/api/staff/windows/" + gw.window.id() + "/status", body.encode());
  }

  private static void assertWindowStillOpen() {
    assertEquals(
        WindowStatus.OPEN,
        new WindowStore(gw.store.dataSource())
            .list().stream()
                .filter(w -> w.id() == gw.window.id())
                .findFirst()
                .orElseThrow()
                .status());
  }

  private static double failedLogins() {
    return gw.metrics
        .registry()
        .get("huxin.logins")
        .tag("kind", "student")
        .tag("outcome", "failed")
        .counter()
        .count();
  }

  private static long rowsOf(RosterEntry student) {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT count(*) FROM result WHERE student_id = ?")) {
      ps.setLong(1, student.id());
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
