package org.huxin.loadtest.chaos.scenario;

import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.NodeLogs;
import org.huxin.loadtest.chaos.harness.Row;
import org.huxin.loadtest.chaos.harness.RunSettings;

/**
 * 200 ms added to every database round trip by the proxy while students screen; no node may warn
 * that an event loop has been blocked.
 */
public final class SlowDatabase implements Scenario {
  private static final int DELAY_MS = 200;

  @Override
  public String name() {
    return "slow-database";
  }

  @Override
  public Row run(ChaosContext c) throws Exception {
    String s = name();
    RunSettings r = c.settings();
    boolean before = c.steady(s + "-before");
    long blockedBefore = NodeLogs.blockedWarnings(c.out());
    c.delay().set(DELAY_MS);
    Log.info(
        s
            + ": "
            + DELAY_MS
            + " ms per database round trip; "
            + r.per()
            + " students at "
            + r.rate()
            + "/s");
    c.drivers()
        .run(s, r.per(), r.rate(), "--concurrency", 256, "--deadline-s", r.runSeconds() + 120);
    c.delay().set(0);
    boolean after = c.steady(s + "-after");
    long blocked = NodeLogs.blockedWarnings(c.out()) - blockedBefore;
    return Row.of(s, before, after)
        .detail("delay_ms", DELAY_MS)
        .detail("blocked_warnings", blocked)
        .limit("blocked_warnings", 0);
  }
}
