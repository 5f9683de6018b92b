package org.huxin.loadtest.chaos.scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.Postgres;
import org.huxin.loadtest.chaos.harness.Row;
import org.huxin.loadtest.chaos.harness.RunSettings;

/**
 * Three staff consoles watch the crisis feed (as the console does: one stream, the pending list on
 * every reconnect and every 30 s, confirmations) and every district has a WeCom robot pointing at
 * the local receiver; the node whose relay has just handed on this scenario's first alert is killed
 * with kill -9. Every alert must still reach every console and the receiver, and no console may
 * show one twice.
 */
public final class RelayNodeKilled implements Scenario {
  private static final Pattern NODE = Pattern.compile("node-([0-9]+)");
  private static final String FIRST_RELAY =
      "SELECT relayed_by FROM alert_outbox WHERE window_id = ?"
          + " AND created_at >= to_timestamp(? / 1000.0) AND relayed_at IS NOT NULL"
          + " ORDER BY relayed_at LIMIT 1";

  @Override
  public String name() {
    return "relay-node-killed";
  }

  @Override
  public Row run(ChaosContext c) throws Exception {
    String s = name();
    RunSettings r = c.settings();
    int nodes = c.nodes().count();
    boolean before = c.steady(s + "-before");
    // Staff took on every earlier alert, so the consoles' pending lists hold this scenario's.
    try (Connection db = c.postgres().superuser();
        PreparedStatement ps =
            db.prepareStatement(
                "UPDATE alert_outbox SET acknowledged_at = now(),"
                    + " acknowledged_by = (SELECT id FROM staff_account WHERE username = ?)"
                    + " WHERE acknowledged_at IS NULL")) {
      ps.setString(1, c.staff().username());
      ps.executeUpdate();
    }
    Path stop = c.file(s + ".stop");
    Files.deleteIfExists(stop);
    Process consoles = c.startConsoles(s, stop);
    TimeUnit.SECONDS.sleep(3);
    long since = System.currentTimeMillis();
    Log.info(
        s
            + ": "
            + r.per()
            + " students at "
            + r.rate()
            + "/s with "
            + nodes
            + " consoles watching; the first node to relay one of their alerts is killed");
    Process driver = c.drivers().start(s, r.per(), r.rate(), "--deadline-s", r.runSeconds() + 120);
    String victim = firstRelayer(c, since);
    boolean killedOk = true;
    int killed = -1;
    long killedAt = 0;
    Matcher m = NODE.matcher(victim);
    if (m.matches()) {
      killed = Integer.parseInt(m.group(1));
      c.nodes().kill(killed);
      killedAt = System.currentTimeMillis();
      Log.info(s + ": " + victim + " relayed this scenario's first alert; killed it (kill -9)");
    } else {
      killedOk = false;
      Log.info(s + ": no node relayed an alert of this scenario within 60 s");
    }
    driver.waitFor();
    if (killed >= 0) {
      c.nodes().start(killed);
      killedOk &= c.nodes().awaitReady(killed, "gateway " + killed + " (restarted)");
    }
    // A console on the dead node reconnects to another and re-reads; the nodes left give the dead
    // node's leased phone messages back as soon as Hazelcast sees it go (its lease would last 60
    // s): wait until every alert reached every console and a phone, or 150 s.
    List<String> consoleLogs = new ArrayList<>();
    for (int i = 0; i < nodes; i++) {
      consoleLogs.add(c.file(s + "-console-" + i + ".log").toString());
    }
    List<String> reach =
        List.of(
            "--since",
            String.valueOf(since),
            "--console-logs",
            String.join(",", consoleLogs),
            "--webhook-log",
            c.file("webhook.jsonl").toString());
    List<String> reachedFlags = new ArrayList<>();
    reachedFlags.addAll(
        List.of(
            "--window", String.valueOf(c.window()), "--acks", c.file(s + ".acks.csv").toString()));
    reachedFlags.addAll(reach);
    c.waits()
        .until(
            150,
            "every alert on every console and at a phone",
            () -> c.checks().reached(reachedFlags));
    long until = System.currentTimeMillis();
    Files.write(stop, new byte[0]);
    consoles.waitFor();
    boolean after = c.steady(s + "-after");
    Row row = Row.of(s, before, after && killedOk);
    for (int i = 0; i < reach.size(); i += 2) {
      row = row.flag(reach.get(i).substring(2), reach.get(i + 1));
    }
    return row.flag("until", until)
        .flag("killed-node", victim.isEmpty() ? "none" : victim)
        .detail("reached_s_after_kill", killedAt == 0 ? "none" : (until - killedAt) / 1000);
  }

  /**
   * The node that relayed the scenario's first alert, asked every 50 ms for up to 1,200 times;
   * empty when none did. A query that fails counts as no answer yet.
   */
  private static String firstRelayer(ChaosContext c, long since) throws Exception {
    Connection db = null;
    try {
      for (int i = 0; i < 1200; i++) {
        try {
          if (db == null) {
            db = c.postgres().superuser();
          }
          Object relayedBy = Postgres.first(db, FIRST_RELAY, c.window(), since);
          if (relayedBy != null && !relayedBy.toString().isEmpty()) {
            return relayedBy.toString();
          }
        } catch (SQLException e) {
          closeQuietly(db);
          db = null;
        }
        TimeUnit.MILLISECONDS.sleep(50);
      }
      return "";
    } finally {
      closeQuietly(db);
    }
  }

  private static void closeQuietly(Connection db) {
    if (db != null) {
      try {
        db.close();
      } catch (SQLException e) {
        // already broken
      }
    }
  }
}
