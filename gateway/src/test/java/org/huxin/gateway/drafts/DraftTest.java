package org.huxin.gateway.drafts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Drafts on a single node: last sequence wins, stale saves say so, a submit ends the draft. */
@DatabaseTest
class DraftTest {
  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(DraftTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void save_lastSequenceWinsAndStaleOrEqualSavesAreReported() {
    Session s = login(gw.secondaryStudent(0));
    assertEquals(false, save(s, 5, 1, 0).getBoolean("stale"));
    assertEquals(true, save(s, 5, 2, 3).getBoolean("stale"), "an equal sequence is not stored");
    assertEquals(true, save(s, 4, 2, 3).getBoolean("stale"));
    JsonObject back = new JsonObject(gw.http.get("/api/student/draft", s.auth()).body());
    assertEquals(5, back.getInteger("seq"));
    assertEquals(1, back.getInteger("page"));
    assertEquals(0, back.getJsonObject("answers").getJsonArray("phq9").getInteger(0));
    assertEquals(false, save(s, 6, 2, 3).getBoolean("stale"));
  }

  @Test
  void save_afterSubmitIsRefused() {
    Session s = login(gw.secondaryStudent(1));
    save(s, 1, 0, 1);
    JsonObject body =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("answers", StudentPathTest.answers(s.questionnaire, StudentPathTest.ROUTINE));
    assertEquals(
        200, gw.http.postJson("/api/student/submit", body.encode(), s.auth()).statusCode());
    HttpResponse<String> late =
        gw.http.put("/api/student/draft", draft(s, 9, 2, 3).encode(), s.auth());
    assertEquals(409, late.statusCode(), late.body());
    assertEquals("already_submitted", new JsonObject(late.body()).getString("error"));
    assertEquals(409, gw.http.get("/api/student/draft", s.auth()).statusCode());
  }

  @Test
  void save_outOfRangeAnswer() {
    Session s = login(gw.secondaryStudent(2));
    JsonObject draft = draft(s, 1, 0, 0);
    draft.getJsonObject("answers").getJsonArray("phq9").set(0, 9);
    HttpResponse<String> r = gw.http.put("/api/student/draft", draft.encode(), s.auth());
    assertEquals(422, r.statusCode(), r.body());
    assertEquals(1, new JsonObject(r.body()).getInteger("item"));
  }

  private record Session(String token, JsonObject questionnaire) {
    String[] auth() {
      return new String[] {"Authorization", "Bearer " + token};
    }
  }

  private static Session login(RosterEntry student) {
    JsonObject login =
        new JsonObject(gw.http.postJson("/api/student/login", gw.loginBody(student)).body());
    JsonObject q = new JsonObject(gw.http.get(login.getString("questionnaire")).body());
    return new Session(login.getString("token"), q);
  }

  private static JsonObject draft(Session s, int seq, int page, int value) {
    return new JsonObject()
        .put("seq", seq)
        .put("page", page)
        .put("answers", StudentPathTest.answers(s.questionnaire, (scale, item) -> value));
  }

  private static JsonObject save(Session s, int seq, int page, int value) {
    HttpResponse<String> r =
        gw.http.put("/api/student/draft", draft(s, seq, page, value).encode(), s.auth());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }
}
