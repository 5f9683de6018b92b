package org.huxin.gateway.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.Test;

@DatabaseTest
class DemoCityTest {

  @Test
  void seedOnce_worksLastYearsCasesThroughToClosedAndLeavesThisYearsOpen() throws Exception {
    try (TestDatabase db = TestDatabase.create(DemoCityTest.class);
        Store store = db.openStore()) {
      Path home = GatewayFixture.homeWithTestDataKey("huxin-demo-test");
      GatewayConfig config = GatewayConfig.fromEnv(GatewayFixture.env(db, home, 0));
      Clock clock = Clock.fixed(GatewayFixture.START, ZoneOffset.UTC);

      DemoCity.Printout printout = DemoCity.seedOnce(store, config, clock);

      List<Window> windows = new WindowStore(store.dataSource()).list();
      assertEquals(2, windows.size(), "last year's window and this year's");
      Window lastYear =
          windows.stream().filter(w -> w.id() != printout.window().id()).findFirst().orElseThrow();
      assertEquals(WindowStatus.CLOSED, lastYear.status());
      FollowupStore followups = new FollowupStore(TestRows.cipher());
      assertEquals(List.of(), followups.studentsWithOpenCases(db.pool(), lastYear.id()).await());
      assertTrue(
          closedCases(db.dataSource(), lastYear.id()) > 0, "last year had cases, all closed");
      assertFalse(
          followups.studentsWithOpenCases(db.pool(), printout.window().id()).await().isEmpty());

      DemoCity.Printout again = DemoCity.seedOnce(store, config, clock);
      assertEquals(printout.window().id(), again.window().id(), "seeded once");
    }
  }

  private static long closedCases(DataSource dataSource, long windowId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT count(*) FROM followup_case WHERE window_id = ? AND closed_at IS NOT NULL")) {
      ps.setLong(1, windowId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }
}
