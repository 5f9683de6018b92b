package org.huxin.gateway.staff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 账号管理 over HTTP: who may create, list and change which accounts (scopes by value, ids above 127),
 * what a refusal answers, and that disabling an account ends its open crisis feed at once.
 */
@DatabaseTest
class AccountsApiTest {
  private static final String ACCOUNTS = "/api/staff/accounts";

  private static GatewayFixture gw;
  private static RosterEntry a;
  private static RosterEntry b;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AccountsApiTest.class);
    a = gw.studentA();
    b = gw.otherSchoolStudent();
    assertTrue(a.districtId() > 127 && b.districtId() > 127, "ids above 127");
    new StaffStore(gw.store.dataSource())
        .create(
            new NewStaffAccount(
                "district-b",
                PasswordHasher.hash(GatewayFixture.PASSWORD),
                StaffRole.DISTRICT_ADMIN,
                b.districtId(),
                null,
                null,
                "district-b"));
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void create_psychologistCannotCreateDistrictAdmin() {
    Http psy = gw.staffSession("psy");
    HttpResponse<String> r =
        psy.postJson(
            ACCOUNTS,
            body("psy.made.admin", "district_admin").put("districtId", a.districtId()).encode());
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(new StaffStore(gw.store.dataSource()).findByUsername("psy.made.admin").isEmpty());
  }

  @Test
  void create_psychologistMakesHeadTeacherOfHerSchool_whoMustChangeThePassword() {
    Http psy = gw.staffSession("psy");
    HttpResponse<String> r =
        psy.postJson(
            ACCOUNTS, body("new.teacher", "head_teacher").put("classId", a.classId()).encode());

    assertEquals(201, r.statusCode(), r.body());
    JsonObject created = new JsonObject(r.body());
    JsonObject account = created.getJsonObject("account");
    assertEquals(a.schoolId(), account.getLong("schoolId"));
    assertEquals(a.districtId(), account.getLong("districtId"), "filled in from the class");
    assertTrue(account.getBoolean("mustChangePassword"));
    HttpResponse<String> login =
        new Http(gw.app.port())
            .postJson(
                "/api/staff/login",
                new JsonObject()
                    .put("username", "new.teacher")
                    .put("password", created.getString("oneTimePassword"))
                    .encode());
    assertEquals(200, login.statusCode(), login.body());
    assertEquals("change_password", new JsonObject(login.body()).getString("pending"));
    assertTrue(
        listed(psy).contains("new.teacher"), "the psychologist lists her school's head teachers");
  }

  @Test
  void create_headTeacherOfAnotherSchool_notFoundAndAudited() throws Exception {
    Http psy = gw.staffSession("psy");
    long refusedBefore = gw.refusedAuditRows("psy");
    HttpResponse<String> r =
        psy.postJson(
            ACCOUNTS,
            body("elsewhere.teacher", "head_teacher").put("classId", b.classId()).encode());
    assertEquals(404, r.statusCode(), r.body());
    assertEquals(refusedBefore + 1, gw.refusedAuditRows("psy"));
  }

  @Test
  void districtAdminOfAnotherDistrict_cannotListOrTouchThisDistrictsAccounts() throws Exception {
    Http other = gw.staffSession("district-b");
    long psyId = id("psy");
    assertFalse(listed(other).contains("\"psy\""), "district-b lists no account of district A");

    assertEquals(404, other.postJson(ACCOUNTS + "/" + psyId + "/disable", "{}").statusCode());
    assertEquals(
        404, other.postJson(ACCOUNTS + "/" + psyId + "/reset-password", "{}").statusCode());
    HttpResponse<String> moved =
        other.put(
            ACCOUNTS + "/" + psyId + "/scope",
            new JsonObject()
                .put("role", "school_psychologist")
                .put("schoolId", b.schoolId())
                .encode());
    assertEquals(404, moved.statusCode(), moved.body());
    assertFalse(new StaffStore(gw.store.dataSource()).findById(psyId).orElseThrow().disabled());
    assertEquals(
        a.schoolId(),
        new StaffStore(gw.store.dataSource()).findById(psyId).orElseThrow().schoolId());
    assertTrue(gw.refusedAuditRows("district-b") >= 3);
  }

  @Test
  void headTeacherAndOps_manageNothing() {
    assertEquals(403, gw.staffSession("teacher").get(ACCOUNTS).statusCode());
    assertEquals(403, gw.staffSession("ops").get(ACCOUNTS).statusCode());
  }

  @Test
  void disable_endsTheOpenCrisisFeedAndTheSession_enableAndResetLetHerBackIn() throws Exception {
    StaffAccount target =
        new StaffStore(gw.store.dataSource())
            .create(
                new NewStaffAccount(
                    "psy.to.disable",
                    PasswordHasher.hash(GatewayFixture.PASSWORD),
                    StaffRole.SCHOOL_PSYCHOLOGIST,
                    a.districtId(),
                    a.schoolId(),
                    null,
                    "心理老师"));
    Http her = gw.staffSession("psy.to.disable");
    Http.Stream feed = her.stream("/api/staff/alerts/stream");
    assertEquals(": huxin crisis feed", feed.lines().poll(30, TimeUnit.SECONDS));
    Http district = gw.staffSession("district");

    HttpResponse<String> disabled =
        district.postJson(ACCOUNTS + "/" + target.id() + "/disable", "{}");

    assertEquals(200, disabled.statusCode(), disabled.body());
    assertEquals(1, new JsonObject(disabled.body()).getInteger("sessionsEnded"));
    assertEquals(200, feed.ended().get(3, TimeUnit.SECONDS), "her feed ended within 3 s");
    assertEquals(401, her.get("/api/staff/me").statusCode());

    assertEquals(
        200, district.postJson(ACCOUNTS + "/" + target.id() + "/enable", "{}").statusCode());
    HttpResponse<String> reset =
        district.postJson(ACCOUNTS + "/" + target.id() + "/reset-password", "{}");
    assertEquals(200, reset.statusCode(), reset.body());
    String oneTime = new JsonObject(reset.body()).getString("oneTimePassword");
    HttpResponse<String> back =
        new Http(gw.app.port())
            .postJson(
                "/api/staff/login",
                new JsonObject()
                    .put("username", "psy.to.disable")
                    .put("password", oneTime)
                    .encode());
    assertEquals(200, back.statusCode(), back.body());
  }

  @Test
  void changeScope_districtAdminMovesPsychologistWithinHerDistrictOnly() {
    StaffAccount moving =
        new StaffStore(gw.store.dataSource())
            .create(
                new NewStaffAccount(
                    "psy.moving",
                    PasswordHasher.hash(GatewayFixture.PASSWORD),
                    StaffRole.SCHOOL_PSYCHOLOGIST,
                    a.districtId(),
                    a.schoolId(),
                    null,
                    "心理老师"));
    Http district = gw.staffSession("district");
    HttpResponse<String> away =
        district.put(
            ACCOUNTS + "/" + moving.id() + "/scope",
            new JsonObject().put("role", "head_teacher").put("classId", b.classId()).encode());
    assertEquals(404, away.statusCode(), away.body());

    HttpResponse<String> within =
        district.put(
            ACCOUNTS + "/" + moving.id() + "/scope",
            new JsonObject().put("role", "head_teacher").put("classId", a.classId()).encode());
    assertEquals(200, within.statusCode(), within.body());
    StaffAccount now = new StaffStore(gw.store.dataSource()).findById(moving.id()).orElseThrow();
    assertEquals(StaffRole.HEAD_TEACHER, now.role());
    assertEquals(a.classId(), now.classId());
    HttpResponse<String> upward =
        district.put(
            ACCOUNTS + "/" + moving.id() + "/scope",
            new JsonObject()
                .put("role", "district_admin")
                .put("districtId", a.districtId())
                .encode());
    assertEquals(403, upward.statusCode(), "a district admin grants no district admin");
  }

  private static JsonObject body(String username, String role) {
    return new JsonObject().put("username", username).put("displayName", "测试").put("role", role);
  }

  private static String listed(Http client) {
    HttpResponse<String> r = client.get(ACCOUNTS);
    assertEquals(200, r.statusCode(), r.body());
    JsonArray accounts = new JsonObject(r.body()).getJsonArray("accounts");
    return accounts.encode();
  }

  private static long id(String username) {
    return new StaffStore(gw.store.dataSource()).findByUsername(username).orElseThrow().id();
  }
}
