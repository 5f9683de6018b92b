package org.huxin.gateway.rosterimport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.huxin.engine.city.CitySpec;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bar: a 100,000-row CSV imports, from the first byte uploaded to "done", in under 60
 * seconds on the 2-core build machine. Prints the measured time.
 */
@DatabaseTest
class RosterImport100kTest {
  static final int ROWS = 100_000;

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(RosterImport100kTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  /** 100,000 students of a synthetic city (108,000 generated, the first 100,000 kept). */
  static byte[] csv() {
    SyntheticCity city = SyntheticCity.generate(7L, CitySpec.of(4, 20, 5, 50));
    StringBuilder out = new StringBuilder(ROWS * 90);
    out.append(RosterImportTest.HEADER);
    int n = 0;
    for (SyntheticCity.Student s : city.students()) {
      if (n++ == ROWS) {
        break;
      }
      SyntheticCity.School school = city.schools().get(s.schoolIndex());
      SyntheticCity.District district = city.districts().get(s.districtIndex());
      out.append('X')
          .append(district.code())
          .append(',')
          .append(district.name())
          .append(",X")
          .append(school.code())
          .append(',')
          .append(school.name())
          .append(',')
          .append(school.stage().code())
          .append(',')
          .append(s.grade())
          .append(',')
          .append(city.classes().get(s.classIndex()).name())
          .append(',')
          .append(s.studentNo())
          .append(',')
          .append(s.name())
          .append(',')
          .append(s.sex())
          .append(',')
          .append(s.birthYear())
          .append(',')
          .append(s.consent() ? "yes" : "no")
          .append("\r\n");
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void upload_100kRowsUnderAMinute() throws SQLException {
    byte[] file = csv();
    long before = students();
    Uploads city = new Uploads(gw, "city");
    long start = System.nanoTime();
    JsonObject job = city.importFile("city.csv", Uploads.CSV, file);
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.println(String.format("roster import: %d rows in %.1f s", ROWS, seconds));
    assertEquals("done", job.getString("state"), job.encodePrettily());
    assertEquals(ROWS, job.getJsonObject("counts").getInteger("studentsCreated"));
    assertEquals(before + ROWS, students());
    assertTrue(seconds < 60, "100,000 rows took " + seconds + " s; the bar is 60 s");
    assertTrue(gw.app.services().roster().byLogin("XS0101", "010101").isPresent());
  }

  private static long students() throws SQLException {
    try (Connection c = gw.db.dataSource().getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT count(*) FROM student")) {
      rs.next();
      return rs.getLong(1);
    }
  }
}
