package org.huxin.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.huxin.testsupport.SinkReceiver;
import org.huxin.testsupport.SinkReceiver.Answer;
import org.huxin.testsupport.TestOrgUnits;
import org.huxin.testsupport.TestOrgUnits.District;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/staff/alert-channels}: who may read and change channels, that the URL and secret are
 * write-only, that every change is audited without them, and that a crisis submitted by a student
 * reaches the school's channel with nothing about the student in it.
 */
@DatabaseTest
class AlertChannelsApiTest {

  private static final String PATH = "/api/staff/alert-channels";

  private static GatewayFixture gw;
  private static SinkReceiver receiver;

  /** Two districts made for this test (ids above 127), each with two schools and an admin. */
  private static District east;

  private static District west;

  @BeforeAll
  static void start() {
    gw =
        GatewayFixture.start(
            AlertChannelsApiTest.class, Map.of("HUXIN_ALERT_SINK_ALLOW_HTTP", "true"));
    receiver = SinkReceiver.start();
    east = TestOrgUnits.district(gw.db.dataSource(), 2);
    west = TestOrgUnits.district(gw.db.dataSource(), 2);
    String hash = PasswordHasher.hash(GatewayFixture.PASSWORD);
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "east-admin", hash, StaffRole.DISTRICT_ADMIN, east.id(), null, null, "东区管理员"));
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "west-admin", hash, StaffRole.DISTRICT_ADMIN, west.id(), null, null, "西区管理员"));
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "east-psy",
                hash,
                StaffRole.SCHOOL_PSYCHOLOGIST,
                east.id(),
                east.school(0).id(),
                null,
                "东区心理老师"));
  }

  @AfterAll
  static void stop() {
    receiver.close();
    gw.close();
  }

  private static JsonObject wecom(String path) {
    return new JsonObject()
        .put("kind", "wecom")
        .put("name", "心理危机值班群")
        .put("url", receiver.url(path + "?key=robot-key-7f3a"));
  }

  private static JsonObject created(Http session, JsonObject body) {
    HttpResponse<String> r = session.postJson(PATH, body.encode());
    assertEquals(201, r.statusCode(), r.body());
    return new JsonObject(r.body());
  }

  // ---- create ---------------------------------------------------------------------------------

  @Test
  void create_districtAdminForOwnSchool_201UrlMaskedAndAuditedWithoutTheKey() throws Exception {
    Http admin = gw.staffSession("east-admin");

    HttpResponse<String> r =
        admin.postJson(PATH, wecom("/api-create").put("schoolId", east.school(1).id()).encode());

    assertEquals(201, r.statusCode(), r.body());
    assertFalse(r.body().contains("robot-key-7f3a"), "the key never comes back: " + r.body());
    JsonObject channel = new JsonObject(r.body());
    assertEquals(east.id(), channel.getLong("districtId"));
    assertEquals(east.school(1).id(), channel.getLong("schoolId"));
    assertEquals(east.school(1).name(), channel.getString("schoolName"));
    assertEquals("http://127.0.0.1:" + port() + "/…", channel.getString("url"));
    assertFalse(channel.getBoolean("hasSecret"));
    assertTrue(channel.getBoolean("enabled"));
    assertTrue(channel.getJsonObject("status").getBoolean("ok"));
    List<String[]> audit = audit("create_alert_channel", "alert_channel=" + channel.getLong("id"));
    assertEquals(1, audit.size());
    assertEquals("true", audit.get(0)[2]);
    assertFalse(String.join(" ", audit.get(0)).contains("robot-key"), "no key in the audit trail");
  }

  @Test
  void create_districtAdminWithoutIds_theirDistrictsOwnChannel() {
    JsonObject channel = created(gw.staffSession("west-admin"), wecom("/api-own"));

    assertEquals(west.id(), channel.getLong("districtId"));
    assertNull(channel.getValue("schoolId"));
  }

  @Test
  void create_schoolOfAnotherDistrict_404AndAuditedRefused() throws Exception {
    long refusedBefore = gw.refusedAuditRows("west-admin");

    HttpResponse<String> r =
        gw.staffSession("west-admin")
            .postJson(PATH, wecom("/api-foreign").put("schoolId", east.school(0).id()).encode());

    assertEquals(404, r.statusCode(), r.body());
    assertEquals(refusedBefore + 1, gw.refusedAuditRows("west-admin"));
  }

  @Test
  void create_psychologist_403() {
    HttpResponse<String> r = gw.staffSession("east-psy").postJson(PATH, wecom("/api-psy").encode());
    assertEquals(403, r.statusCode(), r.body());
  }

  @Test
  void create_headTeacher_403() {
    assertEquals(403, gw.staffSession("teacher").postJson(PATH, wecom("/x").encode()).statusCode());
    assertEquals(403, gw.staffSession("teacher").get(PATH).statusCode());
    assertEquals(403, gw.staffSession("ops").get(PATH).statusCode());
  }

  @Test
  void create_dingtalkWithoutSecret_400NamingTheField() {
    HttpResponse<String> r =
        gw.staffSession("city")
            .postJson(
                PATH,
                wecom("/api-ding").put("kind", "dingtalk").put("districtId", east.id()).encode());

    assertEquals(400, r.statusCode(), r.body());
    assertTrue(new JsonObject(r.body()).getString("message").contains("secret"), r.body());
  }

  @Test
  void create_smsWithABadNumber_400FromTheContract() {
    HttpResponse<String> r =
        gw.staffSession("city")
            .postJson(
                PATH,
                wecom("/api-sms")
                    .put("kind", "sms")
                    .put("districtId", east.id())
                    .put("recipients", new JsonArray().add("138-0000-0000"))
                    .encode());

    assertEquals(400, r.statusCode(), r.body());
    assertEquals("invalid_request", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void create_extraField_400AndNothingStored() {
    int before = list(gw.staffSession("city")).size();

    HttpResponse<String> r =
        gw.staffSession("city")
            .postJson(
                PATH,
                wecom("/api-extra").put("districtId", east.id()).put("lastOkAt", "x").encode());

    assertEquals(400, r.statusCode(), r.body());
    assertEquals(
        "body: 'lastOkAt' is not accepted here", new JsonObject(r.body()).getString("message"));
    assertEquals(before, list(gw.staffSession("city")).size());
  }

  @Test
  void create_cityAdminWithoutDistrictOrSchool_400() {
    HttpResponse<String> r = gw.staffSession("city").postJson(PATH, wecom("/api-none").encode());
    assertEquals(400, r.statusCode(), r.body());
  }

  // ---- read -----------------------------------------------------------------------------------

  @Test
  void list_eachRoleSeesItsScope() {
    JsonObject eastSchool =
        created(gw.staffSession("city"), wecom("/api-list-e").put("schoolId", east.school(0).id()));
    JsonObject eastOther =
        created(
            gw.staffSession("city"), wecom("/api-list-e1").put("schoolId", east.school(1).id()));
    JsonObject westOwn =
        created(gw.staffSession("city"), wecom("/api-list-w").put("districtId", west.id()));

    List<Long> city = ids(list(gw.staffSession("city")));
    List<Long> eastAdmin = ids(list(gw.staffSession("east-admin")));
    List<Long> eastPsy = ids(list(gw.staffSession("east-psy")));

    assertTrue(city.containsAll(List.of(eastSchool.getLong("id"), westOwn.getLong("id"))));
    assertTrue(eastAdmin.containsAll(List.of(eastSchool.getLong("id"), eastOther.getLong("id"))));
    assertFalse(eastAdmin.contains(westOwn.getLong("id")), "another district's channel");
    assertTrue(eastPsy.contains(eastSchool.getLong("id")));
    assertFalse(eastPsy.contains(eastOther.getLong("id")), "another school's channel");
    JsonObject psyAnswer = new JsonObject(gw.staffSession("east-psy").get(PATH).body());
    assertFalse(psyAnswer.getBoolean("manage"), "a psychologist only reads");
    assertTrue(new JsonObject(gw.staffSession("east-admin").get(PATH).body()).getBoolean("manage"));
  }

  // ---- update, delete, test -------------------------------------------------------------------

  @Test
  void update_anotherDistrictsAdmin_404AndAuditedRefused() throws Exception {
    long id = created(gw.staffSession("east-admin"), wecom("/api-upd-x")).getLong("id");
    long refusedBefore = gw.refusedAuditRows("west-admin");
    Http west = gw.staffSession("west-admin");

    assertEquals(404, west.put(PATH + "/" + id, "{\"enabled\":false}").statusCode());
    assertEquals(404, west.delete(PATH + "/" + id).statusCode());
    assertEquals(404, west.postJson(PATH + "/" + id + "/test", "").statusCode());

    assertEquals(refusedBefore + 3, gw.refusedAuditRows("west-admin"));
    assertTrue(
        list(gw.staffSession("east-admin")).stream()
            .anyMatch(c -> c.getLong("id") == id && c.getBoolean("enabled")),
        "unchanged");
    assertEquals(404, gw.staffSession("east-admin").delete(PATH + "/999999999").statusCode());
    assertEquals(404, gw.staffSession("east-admin").delete(PATH + "/abc").statusCode());
  }

  @Test
  void update_psychologist_403() {
    long id =
        created(
                gw.staffSession("east-admin"),
                wecom("/api-upd-psy").put("schoolId", east.school(0).id()))
            .getLong("id");
    assertEquals(
        403, gw.staffSession("east-psy").put(PATH + "/" + id, "{\"enabled\":false}").statusCode());
  }

  @Test
  void update_renameDisableAndNewUrl_auditedByFieldWithoutSecrets() throws Exception {
    Http admin = gw.staffSession("east-admin");
    long id = created(admin, wecom("/api-upd")).getLong("id");

    HttpResponse<String> r =
        admin.put(
            PATH + "/" + id,
            new JsonObject()
                .put("name", "区危机干预群")
                .put("enabled", false)
                .put("url", receiver.url("/api-upd2?key=new-key-99"))
                .encode());

    assertEquals(200, r.statusCode(), r.body());
    JsonObject after = new JsonObject(r.body());
    assertEquals("区危机干预群", after.getString("name"));
    assertFalse(after.getBoolean("enabled"));
    assertFalse(r.body().contains("new-key-99"));
    List<String[]> audit = audit("update_alert_channel", "alert_channel=" + id);
    assertEquals(1, audit.size());
    String reason = audit.get(0)[1];
    assertTrue(reason.contains("name '区危机干预群'"), reason);
    assertTrue(reason.contains("disabled"), reason);
    assertTrue(reason.contains("url (http://127.0.0.1:"), reason);
    assertFalse(reason.contains("new-key-99"), reason);
  }

  @Test
  void update_smsWithoutNumbers_400() {
    Http admin = gw.staffSession("east-admin");
    long id =
        created(
                admin,
                wecom("/api-sms-upd")
                    .put("kind", "sms")
                    .put("recipients", new JsonArray().add("13800000001")))
            .getLong("id");

    HttpResponse<String> r = admin.put(PATH + "/" + id, "{\"recipients\":[]}");

    assertEquals(400, r.statusCode(), r.body());
    assertTrue(new JsonObject(r.body()).getString("message").contains("recipients"), r.body());
  }

  @Test
  void delete_ownChannel_goneAndAudited() throws Exception {
    Http admin = gw.staffSession("east-admin");
    long id = created(admin, wecom("/api-del")).getLong("id");

    HttpResponse<String> r = admin.delete(PATH + "/" + id);

    assertEquals(200, r.statusCode(), r.body());
    assertFalse(ids(list(admin)).contains(id));
    assertEquals(1, audit("delete_alert_channel", "alert_channel=" + id).size());
    assertEquals(404, admin.delete(PATH + "/" + id).statusCode());
  }

  @Test
  void test_channelTakesIt_okAndTheMessageIsATest() throws Exception {
    Http admin = gw.staffSession("east-admin");
    long id = created(admin, wecom("/api-test-ok")).getLong("id");

    HttpResponse<String> r = admin.postJson(PATH + "/" + id + "/test", "");

    assertEquals(200, r.statusCode(), r.body());
    JsonObject answer = new JsonObject(r.body());
    assertTrue(answer.getBoolean("ok"), r.body());
    SinkReceiver.Received got = receiver.received("/api-test-ok").get(0);
    assertEquals("key=robot-key-7f3a", got.uri().getQuery());
    String content = new JsonObject(got.body()).getJsonObject("text").getString("content");
    assertTrue(content.startsWith("【测试】"), content);
    JsonObject listed = byId(list(admin), id);
    assertNotNull(listed.getJsonObject("status").getString("lastOkAt"));
    assertEquals(1, audit("test_alert_channel", "alert_channel=" + id).size());
  }

  @Test
  void test_channelRefuses_answersTheErrorAndListsItFailing() {
    Http admin = gw.staffSession("east-admin");
    long id = created(admin, wecom("/api-test-bad")).getLong("id");
    receiver.script(
        "/api-test-bad", new Answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));

    JsonObject answer = new JsonObject(admin.postJson(PATH + "/" + id + "/test", "").body());

    assertFalse(answer.getBoolean("ok"));
    assertEquals("errcode 93000: invalid webhook url", answer.getString("error"));
    JsonObject status = byId(list(admin), id).getJsonObject("status");
    assertFalse(status.getBoolean("ok"));
    assertEquals("errcode 93000: invalid webhook url", status.getString("lastError"));
    assertNotNull(status.getString("failingSince"));
  }

  // ---- end to end -----------------------------------------------------------------------------

  @Test
  void crisisSubmit_reachesTheSchoolsChannelWithoutTheStudent() throws Exception {
    RosterEntry student = gw.secondaryStudent(3);
    created(gw.staffSession("city"), wecom("/api-e2e").put("schoolId", student.schoolId()));

    gw.submitCrisis(student);
    long alert = gw.awaitAlertOf(student);

    Eventually.await(
        "a message on the school's channel",
        Duration.ofSeconds(10),
        () -> receiver.count("/api-e2e") > 0);
    assertEquals(1, receiver.count("/api-e2e"), "one message for the school's channel");
    String body = receiver.received("/api-e2e").get(0).body();
    String content = new JsonObject(body).getJsonObject("text").getString("content");
    assertFalse(body.contains(student.studentNo()), "the student number went out: " + body);
    assertTrue(content.endsWith("待确认，请登录工作台处理。编号：" + alert), content);
  }

  @Test
  void metrics_testsCountedByKindAndOutcomeAndFailingGaugeServed() {
    Http admin = gw.staffSession("east-admin");
    long id = created(admin, wecom("/api-metrics")).getLong("id");
    double before = metric("huxin_alert_notifications_total{kind=\"test\",outcome=\"sent\"}");

    admin.postJson(PATH + "/" + id + "/test", "");

    assertEquals(
        before + 1, metric("huxin_alert_notifications_total{kind=\"test\",outcome=\"sent\"}"));
    String text = gw.http.get("/metrics").body();
    assertTrue(text.contains("\nhuxin_alert_notifications_failing "), text);
    assertTrue(text.contains("\nhuxin_alert_notifications_unrouted "), text);
    assertTrue(
        text.contains("huxin_alert_notifications_total{kind=\"delivery\",outcome=\"failed\"}"),
        text);
  }

  // ---- helpers ----------------------------------------------------------------------------------

  private static double metric(String line) {
    String text = gw.http.get("/metrics").body();
    for (String l : text.split("\n")) {
      if (l.startsWith(line + " ")) {
        return Double.parseDouble(l.substring(line.length() + 1).trim());
      }
    }
    throw new AssertionError(line + " not in " + text);
  }

  private static int port() {
    return Integer.parseInt(receiver.url("").replaceAll(".*:(\\d+)$", "$1"));
  }

  private static List<JsonObject> list(Http session) {
    HttpResponse<String> r = session.get(PATH);
    assertEquals(200, r.statusCode(), r.body());
    JsonArray channels = new JsonObject(r.body()).getJsonArray("channels");
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < channels.size(); i++) {
      out.add(channels.getJsonObject(i));
    }
    return out;
  }

  private static List<Long> ids(List<JsonObject> channels) {
    return channels.stream().map(c -> c.getLong("id")).toList();
  }

  private static JsonObject byId(List<JsonObject> channels, long id) {
    return channels.stream().filter(c -> c.getLong("id") == id).findFirst().orElseThrow();
  }

  /**
   * Audit rows of {@code action} whose subject starts with {@code subject}: subject, reason, ok.
   */
  private static List<String[]> audit(String action, String subject) throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT subject, reason, ok FROM audit WHERE action = ? AND subject LIKE ?"
                    + " ORDER BY id")) {
      ps.setString(1, action);
      ps.setString(2, subject + " %");
      List<String[]> rows = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          rows.add(
              new String[] {rs.getString(1), rs.getString(2), Boolean.toString(rs.getBoolean(3))});
        }
      }
      return rows;
    }
  }
}
