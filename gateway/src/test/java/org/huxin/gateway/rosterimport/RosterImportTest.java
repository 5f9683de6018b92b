package org.huxin.gateway.rosterimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /api/staff/roster/imports} over the fixture gateway: CSV, XLSX and GBK files import and
 * their students can log in at once; a re-import changes nothing; a bad file is rejected whole with
 * every faulty row listed and nothing written; roles and body types are enforced.
 */
@DatabaseTest
class RosterImportTest {
  static final String HEADER =
      "district_code,district_name,school_code,school_name,school_stage,grade,class_name,"
          + "student_no,name,sex,birth_year,guardian_consent\r\n";

  private static GatewayFixture gw;
  private static Uploads city;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(RosterImportTest.class);
    city = new Uploads(gw, "city");
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static long count(String table) {
    try (Connection c = gw.db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
      rs.next();
      return rs.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Long> counts() {
    return List.of(count("district"), count("school"), count("school_class"), count("student"));
  }

  private static String districtCodeOf(long districtId) {
    try (Connection c = gw.db.dataSource().getConnection();
        PreparedStatement ps = c.prepareStatement("SELECT code, name FROM district WHERE id = ?")) {
      ps.setLong(1, districtId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1) + "," + rs.getString(2);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static JsonObject counts(JsonObject job) {
    assertEquals("done", job.getString("state"), job.encodePrettily());
    return job.getJsonObject("counts");
  }

  @Test
  void upload_csvStudentsCanLogIn() {
    String csv =
        HEADER
            + "T01,测试区,TS01,测试一中,junior,7,1班,070101,张三,M,2012,yes\r\n"
            + "T01,测试区,TS01,测试一中,junior,7,1班,070102,李四,女,2012,是\r\n"
            + "T01,测试区,TS01,测试一中,junior,8,\"2班\",080201,\"王,五\",F,2011,no\r\n";
    JsonObject job = city.importFile("a.csv", Uploads.CSV, utf8(csv));
    JsonObject c = counts(job);
    assertEquals(1, c.getInteger("districtsCreated"));
    assertEquals(1, c.getInteger("schoolsCreated"));
    assertEquals(2, c.getInteger("classesCreated"));
    assertEquals(3, c.getInteger("studentsCreated"));
    assertEquals(3, job.getInteger("rowsTotal"));
    assertEquals(3, job.getInteger("rowsDone"));

    RosterEntry student = gw.app.services().roster().byLogin("TS01", "070101").orElseThrow();
    assertEquals(7, student.grade());
    HttpResponse<String> login = gw.http.postJson("/api/student/login", gw.loginBody(student));
    assertEquals(200, login.statusCode(), login.body());
    assertEquals(
        "王,五",
        new RosterStore(gw.store.dataSource())
            .studentName(
                gw.app.services().roster().byLogin("TS01", "080201").orElseThrow().id(),
                gw.app.services().names())
            .orElseThrow());
    assertEquals(1, auditRows("import " + job.getLong("id") + ": 3 rows"));
  }

  /** Audit rows of a roster import, waiting briefly: the row is written just after "done". */
  private static long auditRows(String subject) {
    return Eventually.await(
        "the audit row of " + subject,
        Duration.ofSeconds(5),
        () -> {
          try (Connection c = gw.db.dataSource().getConnection();
              PreparedStatement ps =
                  c.prepareStatement(
                      "SELECT count(*) FROM audit WHERE action = 'roster_import' AND subject = ?"
                          + " AND ok")) {
            ps.setString(1, subject);
            try (ResultSet rs = ps.executeQuery()) {
              rs.next();
              return Optional.of(rs.getLong(1)).filter(n -> n > 0);
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void upload_xlsx() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Workbook wb = new Workbook(out, "huxin-test", "1.0");
    Worksheet ws = wb.newWorksheet("名单");
    String[] header = {
      "区县代码", "区县", "学校代码", "学校", "学段", "年级", "班级", "学号", "姓名", "性别", "出生年份", "监护人同意"
    };
    for (int i = 0; i < header.length; i++) {
      ws.value(0, i, header[i]);
    }
    Object[][] rows = {
      {"T02", "表格区", "TX01", "表格小学", "小学", 4, "1班", "040101", "赵六", "男", 2015, "是"},
      {"T02", "表格区", "TX01", "表格小学", "小学", 4, "1班", "040102", "钱七", "女", 2015, "否"},
    };
    for (int r = 0; r < rows.length; r++) {
      for (int col = 0; col < rows[r].length; col++) {
        Object v = rows[r][col];
        if (v instanceof Integer n) {
          ws.value(r + 1, col, n);
        } else {
          ws.value(r + 1, col, (String) v);
        }
      }
    }
    wb.finish();
    JsonObject job = city.importFile("名单.xlsx", Uploads.XLSX, out.toByteArray());
    assertEquals(2, counts(job).getInteger("studentsCreated"));
    RosterEntry s = gw.app.services().roster().byLogin("TX01", "040101").orElseThrow();
    assertEquals(4, s.grade());
    assertEquals('M', s.sex());
    assertTrue(s.consent());
    assertFalse(gw.app.services().roster().byLogin("TX01", "040102").orElseThrow().consent());
  }

  @Test
  void upload_reimportIsIdempotentAndUpdatesChanges() {
    String csv =
        HEADER
            + "T03,重复区,TR01,重复中学,senior,10,1班,100101,孙八,M,2009,no\r\n"
            + "T03,重复区,TR01,重复中学,senior,10,1班,100102,周九,F,2009,yes\r\n";
    assertEquals(
        2, counts(city.importFile("r.csv", Uploads.CSV, utf8(csv))).getInteger("studentsCreated"));
    List<Long> before = counts();
    JsonObject again = counts(city.importFile("r.csv", Uploads.CSV, utf8(csv)));
    assertEquals(
        new JsonObject()
            .put("districtsCreated", 0)
            .put("schoolsCreated", 0)
            .put("classesCreated", 0)
            .put("studentsCreated", 0)
            .put("studentsUpdated", 0)
            .put("studentsUnchanged", 2),
        again);
    assertEquals(before, counts());

    String changed = csv.replace("100101,孙八,M,2009,no", "100101,孙八,M,2009,yes");
    JsonObject third = counts(city.importFile("r.csv", Uploads.CSV, utf8(changed)));
    assertEquals(1, third.getInteger("studentsUpdated"));
    assertEquals(1, third.getInteger("studentsUnchanged"));
    assertTrue(gw.app.services().roster().byLogin("TR01", "100101").orElseThrow().consent());
    assertEquals(before, counts());
  }

  @Test
  void upload_badFileRejectedWholeWithEveryFaultyRow() {
    List<Long> before = counts();
    String csv =
        HEADER
            + "T04,坏区,TB01,坏中学,junior,7,1班,070101,甲,M,2012,yes\r\n"
            + "T04,坏区,TB01,坏中学,junior,13,1班,070102,乙,M,2012,yes\r\n"
            + "T04,坏区,TB01,坏中学,junior,7,1班,070103,丙,X,2012,yes\r\n"
            + "T04,坏区,TB01,坏中学,junior,7,1班,070101,丁,M,2012,yes\r\n"
            + "T04,坏区,TB01,坏中学,junior,7,1班,070104,戊,M,2012,maybe\r\n";
    JsonObject job = city.importFile("bad.csv", Uploads.CSV, utf8(csv));
    assertEquals("rejected", job.getString("state"));
    assertEquals(4, job.getInteger("errorCount"));
    JsonArray errors = job.getJsonArray("errors");
    assertEquals(
        List.of(3, 4, 5, 6), errors.stream().map(e -> ((JsonObject) e).getInteger("row")).toList());
    JsonObject grade = errors.getJsonObject(0);
    assertEquals("grade", grade.getString("column"));
    assertEquals("grade must be a whole number 1–12, got 13", grade.getString("message"));
    assertTrue(errors.getJsonObject(2).getString("message").contains("already on row 2"));
    for (Object e : errors) {
      assertFalse(((JsonObject) e).getString("message").contains("丁"), "no names in errors");
    }
    assertEquals(before, counts(), "nothing written");
    assertTrue(gw.app.services().roster().byLogin("TB01", "070101").isEmpty());
  }

  @Test
  void upload_unknownColumnsRejectedAsAFile() {
    JsonObject job = city.importFile("cols.csv", Uploads.CSV, utf8("学号,姓名,colour\r\n1,甲,red\r\n"));
    assertEquals("rejected", job.getString("state"));
    assertTrue(
        job.getString("message").contains("unknown columns 'colour'"), job.getString("message"));
    assertEquals(1, job.getJsonArray("errors").getJsonObject(0).getInteger("row"));
  }

  @Test
  void upload_gbkCsv() {
    String csv =
        "区县代码,区县,学校代码,学校,学段,年级,班级,学号,姓名,性别,出生年份,监护人同意\r\n"
            + "T05,国标区,TG01,国标中学,初中,9,3班,090301,欧阳娜娜,女,2010,是\r\n";
    JsonObject job = city.importFile("gbk.csv", Uploads.CSV, csv.getBytes(Charset.forName("GBK")));
    assertEquals(1, counts(job).getInteger("studentsCreated"));
    RosterEntry s = gw.app.services().roster().byLogin("TG01", "090301").orElseThrow();
    assertEquals(
        "欧阳娜娜",
        new RosterStore(gw.store.dataSource())
            .studentName(s.id(), gw.app.services().names())
            .orElseThrow());
    try (Connection c = gw.db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT name FROM school WHERE code = 'TG01'")) {
      rs.next();
      assertEquals("国标中学", rs.getString(1));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void upload_districtAdminOtherDistrictRefusedPerRow() {
    Uploads district = new Uploads(gw, "district");
    String own = districtCodeOf(gw.studentA().districtId());
    String other = districtCodeOf(gw.otherSchoolStudent().districtId());
    List<Long> before = counts();
    String csv =
        HEADER
            + own
            + ",TD01,区属中学,junior,7,1班,070101,甲,M,2012,yes\r\n"
            + other
            + ",TD02,外区中学,junior,7,1班,070101,乙,M,2012,yes\r\n"
            + other
            + ",TD02,外区中学,junior,7,1班,070102,丙,M,2012,yes\r\n";
    JsonObject job = district.importFile("d.csv", Uploads.CSV, utf8(csv));
    assertEquals("rejected", job.getString("state"));
    assertEquals(2, job.getInteger("errorCount"));
    JsonObject first = job.getJsonArray("errors").getJsonObject(0);
    assertEquals(3, first.getInteger("row"));
    assertEquals("district_code", first.getString("column"));
    assertTrue(first.getString("message").contains("is not your district"), first.encode());
    assertEquals(before, counts());

    JsonObject ok =
        district.importFile("d.csv", Uploads.CSV, utf8(HEADER + csv.split("\r\n")[1] + "\r\n"));
    assertEquals(1, counts(ok).getInteger("studentsCreated"));
    assertEquals(
        404,
        district.get("/api/staff/roster/imports/" + firstCityImport()).statusCode(),
        "a district admin does not see the city admin's imports");
  }

  private static long firstCityImport() {
    JsonObject job = city.importFile("x.csv", Uploads.CSV, utf8("name\r\n"));
    return job.getLong("id");
  }

  @Test
  void upload_schoolOfAnotherDistrictInTheDatabase() {
    RosterEntry a = gw.studentA();
    String other = districtCodeOf(gw.otherSchoolStudent().districtId());
    String csv =
        HEADER + other + "," + a.schoolCode() + ",搬家学校,junior,7,1班,079999,甲,M,2012,yes\r\n";
    JsonObject job = city.importFile("move.csv", Uploads.CSV, utf8(csv));
    assertEquals("rejected", job.getString("state"));
    assertTrue(
        job.getJsonArray("errors")
            .getJsonObject(0)
            .getString("message")
            .contains("already belongs"),
        job.encode());
  }

  @Test
  void upload_psychologistForbidden() {
    HttpResponse<String> r = new Uploads(gw, "psy").upload("a.csv", Uploads.CSV, utf8(HEADER));
    assertEquals(403, r.statusCode(), r.body());
    assertEquals(403, new Uploads(gw, "psy").get("/api/staff/roster/imports").statusCode());
  }

  @Test
  void upload_wrongContentType() {
    HttpResponse<String> r = city.upload("a.json", "application/json", utf8("{}"));
    assertEquals(415, r.statusCode(), r.body());
    assertEquals("unsupported_media_type", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void upload_tooLargeByContentLength() throws IOException {
    try (Socket socket = new Socket("127.0.0.1", gw.app.port())) {
      socket.setSoTimeout(10_000);
      String cookie = sessionCookie();
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/staff/roster/imports?name=big.csv HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Type: text/csv\r\nCookie: "
                  + cookie
                  + "\r\nContent-Length: "
                  + (RosterImportApi.FILE_LIMIT + 1)
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = socket.getInputStream();
      byte[] head = in.readNBytes(12);
      assertEquals("HTTP/1.1 413", new String(head, StandardCharsets.US_ASCII));
    }
  }

  @Test
  void list_recentImportsOfTheCaller() {
    Uploads district = new Uploads(gw, "district");
    district.importFile("mine.csv", Uploads.CSV, utf8("name\r\n"));
    HttpResponse<String> r = district.get("/api/staff/roster/imports");
    assertEquals(200, r.statusCode(), r.body());
    JsonArray imports = new JsonObject(r.body()).getJsonArray("imports");
    assertFalse(imports.isEmpty());
    for (Object i : imports) {
      assertFalse(((JsonObject) i).containsKey("errors"));
    }
    assertTrue(
        imports.stream().noneMatch(i -> ((JsonObject) i).getString("fileName").equals("x.csv")));
  }

  private static String sessionCookie() {
    HttpResponse<String> login =
        gw.http.postJson(
            "/api/staff/login",
            "{\"username\":\"city\",\"password\":\"" + GatewayFixture.PASSWORD + "\"}");
    return login.headers().allValues("set-cookie").stream()
        .filter(c -> c.startsWith(org.huxin.gateway.auth.StaffAuth.COOKIE + "="))
        .findFirst()
        .orElseThrow()
        .split(";", 2)[0];
  }
}
