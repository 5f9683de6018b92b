package org.huxin.engine.alerts;

import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.StoredResult;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.TestRows;

/**
 * The demo city in a database with an open window, and real crisis results written through {@link
 * ResultWriter} so their alerts come from the writer's own transaction. Each call uses students not
 * used before, so tests sharing the database never collide.
 */
final class CrisisFixture {

  private final DataSource dataSource;
  private final Pool pool;
  private final List<RosterEntry> roster;
  private final long windowId;
  private final AlertOutboxStore outbox;
  private final AtomicInteger nextStudent = new AtomicInteger();

  /** On {@code dataSource}, whose database {@code pool} reaches too (the writer's). */
  CrisisFixture(DataSource dataSource, Pool pool) {
    this.dataSource = dataSource;
    this.pool = pool;
    this.roster = TestRows.loadDemoCity(dataSource);
    Instant opens = Instant.parse("2025-09-01T00:00:00Z");
    this.windowId =
        new WindowStore(dataSource)
            .create(
                NewWindow.cityWide(
                    "危机预警", 1, 12, Map.of("1-12", "all"), opens, opens.plusSeconds(86_400)))
            .id();
    this.outbox = new AlertOutboxStore(dataSource);
  }

  AlertOutboxStore outbox() {
    return outbox;
  }

  /** The next unused student. */
  RosterEntry nextStudent() {
    return roster.get(nextStudent.getAndIncrement());
  }

  /** Writes one crisis result at {@code level} and returns its alert id. */
  long crisisAlertAt(CrisisLevel level) throws Exception {
    try (ResultWriter writer = new ResultWriter(pool, new WriterConfig(1000, 1000))) {
      StoredResult stored =
          writer
              .submit(
                  TestRows.row(
                      windowId,
                      nextStudent(),
                      "self",
                      3,
                      level,
                      UUID.randomUUID(),
                      TestRows.SUBMITTED_AT))
              .get(30, TimeUnit.SECONDS);
      return alertOf(stored.resultId());
    }
  }

  /** Writes {@code count} crisis results in one group commit and returns their alert ids. */
  List<Long> crisisAlerts(int count) throws Exception {
    List<RosterEntry> students = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      students.add(nextStudent());
    }
    return crisisAlertsOf(students);
  }

  List<Long> crisisAlertsOf(List<RosterEntry> students) throws Exception {
    List<CompletableFuture<StoredResult>> receipts = new ArrayList<>();
    try (ResultWriter writer = new ResultWriter(pool, new WriterConfig(1000, 1000))) {
      for (RosterEntry student : students) {
        receipts.add(
            writer.submit(TestRows.row(windowId, student, "self", 3, true, UUID.randomUUID())));
      }
      List<Long> alertIds = new ArrayList<>();
      for (CompletableFuture<StoredResult> receipt : receipts) {
        alertIds.add(alertOf(receipt.get(30, TimeUnit.SECONDS).resultId()));
      }
      return alertIds;
    }
  }

  boolean delivered(long alertId) {
    return outbox.find(alertId).orElseThrow().relayedAt() != null;
  }

  boolean allDelivered(List<Long> alertIds) {
    return alertIds.stream().allMatch(this::delivered);
  }

  boolean noneDelivered(List<Long> alertIds) {
    return alertIds.stream().noneMatch(this::delivered);
  }

  private long alertOf(long resultId) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT id FROM alert_outbox WHERE result_id = ?")) {
      ps.setLong(1, resultId);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new AssertionError("crisis result " + resultId + " has no alert");
        }
        return rs.getLong(1);
      }
    }
  }
}
