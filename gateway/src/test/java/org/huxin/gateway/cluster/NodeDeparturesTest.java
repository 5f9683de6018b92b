package org.huxin.gateway.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.TestCluster;
import org.huxin.gateway.testing.TestCluster.Member;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.Test;

/**
 * A node that dies holding the lease of a phone message gives it up at once: the nodes left hear of
 * its leaving from Hazelcast, by the name it joined with, and give its leases back, long before the
 * 60 s lease would lapse. A live node's lease is left alone.
 */
@DatabaseTest
class NodeDeparturesTest {

  @Test
  void memberDies_itsLeasesGoBackAtOnce_aLiveMembersStay() throws Exception {
    try (TestDatabase db = TestDatabase.create(NodeDeparturesTest.class);
        Store store = db.openStore()) {
      List<RosterEntry> roster = TestRows.loadDemoCity(db.dataSource());
      Window window =
          new WindowStore(store.dataSource())
              .create(
                  NewWindow.cityWide(
                      "departures",
                      4,
                      12,
                      GatewayFixture.BATTERIES,
                      GatewayFixture.START.minus(Duration.ofHours(1)),
                      GatewayFixture.START.plus(Duration.ofDays(7))));
      MutableClock clock = new MutableClock(GatewayFixture.START);
      try (TestCluster cluster =
          TestCluster.start(db, store, clock, 2, "huxin-departures", false)) {
        Member live = cluster.member(0);
        Member dying = cluster.member(1);
        String liveName = nodeName(live, live);
        String dyingName = nodeName(live, dying);
        assertEquals(TestCluster.nodeName("huxin-departures", 1), dyingName, "joined by name");
        assertThrows(
            IllegalStateException.class,
            () -> NodeDepartures.watch(live.node().hazelcast(), "not-" + liveName, gone -> {}),
            "a node named otherwise than it joined would give back the wrong leases");
        // ids in the thousands, as in a city
        long heldByDying = leasedNotification(db, window, roster.get(roster.size() - 1), dyingName);
        long heldByLive = leasedNotification(db, window, roster.get(roster.size() - 2), liveName);

        assertEquals(2.0, members(live), "the live member's gauge sees both");
        long died = System.nanoTime();
        dying.node().hazelcast().getLifecycleService().terminate();
        GatewayFixture.await(dying.app().close());

        long deadline = died + Duration.ofSeconds(30).toNanos();
        while (leaseNode(db, heldByDying) != null && System.nanoTime() < deadline) {
          Thread.sleep(100);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - died).toSeconds();
        assertEquals(null, leaseNode(db, heldByDying), "given back, not left to its 60 s lease");
        assertTrue(seconds < 30, "given back after " + seconds + " s");
        assertEquals(liveName, leaseNode(db, heldByLive), "a live member keeps its lease");
        assertEquals(1.0, members(live), "and then only itself");
      }
    }
  }

  private static double members(Member member) {
    return member.metrics().registry().get("huxin.cluster.members").gauge().value();
  }

  /** The name {@code named} joined with, as {@code asking} sees it in its member list. */
  private static String nodeName(Member asking, Member named) {
    UUID member = named.node().hazelcast().getCluster().getLocalMember().getUuid();
    return asking.node().hazelcast().getCluster().getMembers().stream()
        .filter(m -> m.getUuid().equals(member))
        .map(NodeDepartures::nameOf)
        .findFirst()
        .orElse(null);
  }

  /**
   * A message owed on a disabled channel (so no notifier claims it), leased by {@code node} for the
   * next 60 s, as a notifier leaves it mid-send.
   */
  private static long leasedNotification(
      TestDatabase db, Window window, RosterEntry student, String node) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      long alert =
          id(
              c,
              "INSERT INTO alert_outbox (window_id, student_id, school_id, district_id, level,"
                  + " source, form, crisis_level, escalate_due_at)"
                  + " VALUES (?, ?, ?, ?, 3, 'unsubmitted', 'self', 2, now()) RETURNING id",
              window.id(),
              student.id(),
              student.schoolId(),
              student.districtId());
      long channel =
          id(
              c,
              "INSERT INTO alert_channel (district_id, kind, name, url_enc, url_shown, enabled)"
                  + " VALUES (?, 'wecom', 'departures', '\\x00', 'https://example.invalid/…',"
                  + " false) RETURNING id",
              student.districtId());
      try (PreparedStatement ps =
          c.prepareStatement(
              "INSERT INTO alert_notification (alert_id, channel_id, kind, attempts, lease_until,"
                  + " lease_token, lease_node) VALUES (?, ?, 'delivery', 1,"
                  + " now() + interval '60 seconds', gen_random_uuid(), ?) RETURNING id")) {
        ps.setLong(1, alert);
        ps.setLong(2, channel);
        ps.setString(3, node);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      }
    }
  }

  private static long id(Connection c, String sql, long... parameters) throws Exception {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.length; i++) {
        ps.setLong(i + 1, parameters[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  private static String leaseNode(TestDatabase db, long notification) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT lease_node FROM alert_notification WHERE id = ?")) {
      ps.setLong(1, notification);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getString(1);
      }
    }
  }
}
