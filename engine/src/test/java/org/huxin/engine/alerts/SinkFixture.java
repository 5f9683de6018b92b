package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.MutableClock;
import org.huxin.testsupport.SinkReceiver;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestOrgUnits;
import org.huxin.testsupport.TestOrgUnits.District;
import org.huxin.testsupport.TestOrgUnits.School;
import org.huxin.testsupport.TestRows;

/**
 * A database with the alert outbox and channels, a stand-in robot ({@link SinkReceiver}), a test
 * clock, and short-cuts: raise an alert in a school, relay or escalate everything due in one call,
 * make a channel that points at the receiver, and step a notifier pass by pass.
 */
final class SinkFixture implements AutoCloseable {

  static final Instant START = Instant.parse("2026-10-12T08:00:00Z");

  /** Quick polls, 60 s leases, 2 s to connect and 5 s to answer, 30 s first backoff, http. */
  static final NotifierConfig CONFIG =
      new NotifierConfig(
          Duration.ofMillis(50),
          100,
          Duration.ofSeconds(60),
          Duration.ofSeconds(2),
          Duration.ofSeconds(5),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          true);

  private static final AtomicLong NEXT_STUDENT = new AtomicLong(800_000);

  /** A sink that confirms every alert it is handed. */
  private static final AlertOutboxStore.ClaimedAlerts ALL =
      claimed -> Future.succeededFuture(claimed.stream().map(Alert::id).toList());

  final TestDatabase db;
  final DataSource dataSource;
  final AlertOutboxStore outbox;
  final AlertChannelStore channels;
  final AlertNotificationStore notifications;
  final MutableClock clock = new MutableClock(START);
  final SinkReceiver receiver = SinkReceiver.start();

  SinkFixture(Class<?> owner) {
    db = TestDatabase.create(owner);
    dataSource = db.dataSource();
    outbox = new AlertOutboxStore(dataSource);
    channels = new AlertChannelStore(dataSource, TestRows.cipher());
    notifications = new AlertNotificationStore(dataSource);
  }

  District district(int schools) {
    return TestOrgUnits.district(dataSource, schools);
  }

  /** An unsubmitted-draft alert in {@code school} at {@code level}, due to escalate in 30 min. */
  long alert(School school, CrisisLevel level) {
    String sql =
        "INSERT INTO alert_outbox (window_id, student_id, school_id, district_id, level, source,"
            + " form, crisis_level, escalate_due_at) VALUES (1, ?, ?, ?, 3, 'unsubmitted', 'self',"
            + " ?, ?) RETURNING id";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, NEXT_STUDENT.incrementAndGet());
      ps.setLong(2, school.id());
      ps.setLong(3, school.districtId());
      ps.setInt(4, level.code());
      ps.setObject(5, OffsetDateTime.ofInstant(clock.instant().plusSeconds(1800), ZoneOffset.UTC));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One relay pass over every unrelayed alert, the sink confirming all. */
  int relayAll() throws InterruptedException {
    return db.pool()
        .withTransaction(
            tx ->
                outbox.relayUnrelayed(
                    tx, AlertOutboxStore.MAX_LIMIT, Duration.ofSeconds(5), "test-node", ALL))
        .await()
        .alerts();
  }

  /** One escalation pass at {@code now}, the sink confirming all. */
  int escalateDue(Instant now) throws InterruptedException {
    return db.pool()
        .withTransaction(
            tx ->
                outbox.relayDueEscalations(
                    tx, now, AlertOutboxStore.MAX_LIMIT, Duration.ofSeconds(5), ALL))
        .await()
        .alerts();
  }

  /** A WeCom channel of {@code school} (or the district's own if null) at receiver path. */
  AlertChannel wecom(District district, School school, String path) {
    return create(
        new NewAlertChannel(
            district.id(),
            school == null ? null : school.id(),
            AlertChannel.Kind.WECOM,
            "值班群",
            receiver.url(path + "?key=robot-key-0001"),
            null,
            List.of(),
            true));
  }

  /** Creates {@code channel} as a staff request does, in a transaction of its own. */
  AlertChannel create(NewAlertChannel channel) {
    long staffId = staffId();
    return pool().withTransaction(tx -> channels.create(tx, channel, staffId)).await();
  }

  /** Applies {@code change} as a staff request does; empty if there is no such channel. */
  Optional<AlertChannel> update(long id, AlertChannelChange change) {
    long staffId = staffId();
    return pool().withTransaction(tx -> channels.update(tx, id, change, staffId)).await();
  }

  /** Deletes channel {@code id} as a staff request does; false if there was none. */
  boolean delete(long id) {
    return pool().withTransaction(tx -> channels.delete(tx, id)).await();
  }

  /** The reactive pool the staff requests' store methods run on. */
  Pool pool() {
    return db.pool();
  }

  /** A notifier of a node of its own, whose passes the test runs. */
  AlertNotifier notifier() {
    return notifier("node-" + NODES.incrementAndGet());
  }

  /** A notifier of node {@code node}, whose passes the test runs. */
  AlertNotifier notifier(String node) {
    return AlertNotifier.unstarted(
        notifications, channels, ChannelSenders.overHttp(CONFIG, clock), CONFIG, clock, node);
  }

  /** Starts a notifier of node {@code node} on its own thread. */
  AlertNotifier started(String node, NotifierConfig config) {
    return AlertNotifier.start(
        notifications, channels, ChannelSenders.overHttp(config, clock), config, clock, node);
  }

  private static final java.util.concurrent.atomic.AtomicInteger NODES =
      new java.util.concurrent.atomic.AtomicInteger();

  List<AlertNotification> of(long alertId) {
    return notifications.forAlert(alertId);
  }

  AlertChannel channel(long id) {
    return channels.find(pool(), id).await().orElseThrow();
  }

  void acknowledge(long alertId) {
    outbox.acknowledge(alertId, staffId(), clock.instant());
  }

  /** The one value of a query with long parameters. */
  <T> T single(String sql, long id, Class<T> type, long... more) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      for (int i = 0; i < more.length; i++) {
        ps.setLong(i + 2, more[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("no row for " + sql);
        }
        return rs.getObject(1, type);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Forgets every channel and notification, so tests start from none. */
  void clearChannels() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute("DELETE FROM alert_notification");
      s.execute("DELETE FROM alert_channel");
      s.execute("UPDATE alert_outbox SET relayed_at = coalesce(relayed_at, now())");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A city admin who creates channels and acknowledges alerts. */
  long staffId() {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO staff_account (username, password_hash, role, display_name)"
              + " VALUES ('sink-admin', 'x', 'city_admin', 'sink admin')"
              + " ON CONFLICT (username) DO NOTHING");
      try (ResultSet rs =
          s.executeQuery("SELECT id FROM staff_account WHERE username = 'sink-admin'")) {
        rs.next();
        return rs.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    receiver.close();
    db.close();
  }
}
