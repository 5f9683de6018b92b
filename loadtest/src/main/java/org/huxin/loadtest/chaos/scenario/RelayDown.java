package org.huxin.loadtest.chaos.scenario;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.Row;
import org.huxin.loadtest.chaos.harness.RunSettings;

/**
 * The alert relays cannot claim alerts (UPDATE on {@code alert_outbox} revoked from the gateways'
 * role) for {@code relayDownS} while students submit, crisis ones among them; after the grant every
 * crisis alert must be delivered exactly once, and none while the relay was down (from the nodes'
 * relay log lines).
 */
public final class RelayDown implements Scenario {
  private static final String PENDING =
      "SELECT count(*) FROM alert_outbox WHERE window_id = ? AND relayed_at IS NULL";

  @Override
  public String name() {
    return "relay-down";
  }

  @Override
  public Row run(ChaosContext c) throws Exception {
    String s = name();
    RunSettings r = c.settings();
    boolean before = c.steady(s + "-before");
    // Wait until the probe's alerts are out, so that only this scenario's stay pending.
    TimeUnit.SECONDS.sleep(2);
    c.postgres().execute("REVOKE UPDATE ON alert_outbox FROM huxin_gw");
    long from = System.currentTimeMillis();
    Log.info(
        s
            + ": relay down for "
            + r.relayDownS()
            + " s; "
            + r.per()
            + " students at "
            + r.rate()
            + "/s");
    int n = r.per();
    if (n / r.rate() > r.relayDownS() - 3) {
      n = (r.relayDownS() - 3) * r.rate();
    }
    c.drivers().run(s, n, r.rate());
    long left = r.relayDownS() * 1000L - (System.currentTimeMillis() - from);
    if (left > 0) {
      TimeUnit.MILLISECONDS.sleep(left);
    }
    long pending = c.postgres().count(PENDING, c.window());
    long to = System.currentTimeMillis();
    c.postgres().execute("GRANT UPDATE ON alert_outbox TO huxin_gw");
    Log.info(s + ": relay back; " + pending + " alerts were pending");
    c.waits()
        .until(
            60, "the pending alerts' delivery", () -> c.postgres().count(PENDING, c.window()) == 0);
    boolean after = c.steady(s + "-after");
    TimeUnit.SECONDS.sleep(2); // the after-probe's alerts are delivered too
    return Row.of(s, before, after)
        .flag("outage-from", from)
        .flag("outage-to", to)
        .flag("relay-logs", String.join(",", nodeLogs(c.out())))
        .detail("pending_when_relay_returned", pending)
        .detail("relay_down_s", r.relayDownS());
  }

  /** Every node's log, in name order. */
  private static List<String> nodeLogs(Path out) throws IOException {
    List<String> logs = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(out, "gateway-*.log")) {
      files.forEach(f -> logs.add(f.toString()));
    }
    logs.sort(null);
    return logs;
  }
}
