package org.huxin.loadtest.chaos.scenario;

import java.util.concurrent.TimeUnit;
import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.Row;
import org.huxin.loadtest.chaos.harness.RunSettings;

/**
 * PostgreSQL stopped immediately (no checkpoint) a third of the way into the students' arrival,
 * started again on the same data after {@code pgDownS}; the students' deadline covers the outage. A
 * stop or start that does not happen fails the check after.
 */
public final class StopPostgres implements Scenario {

  @Override
  public String name() {
    return "stop-postgres";
  }

  @Override
  public Row run(ChaosContext c) throws Exception {
    String s = name();
    RunSettings r = c.settings();
    boolean before = c.steady(s + "-before");
    Log.info(
        s
            + ": "
            + r.per()
            + " students at "
            + r.rate()
            + "/s; PostgreSQL stops for "
            + r.pgDownS()
            + " s");
    Process driver =
        c.drivers().start(s, r.per(), r.rate(), "--deadline-s", r.runSeconds() + r.pgDownS() + 90);
    TimeUnit.SECONDS.sleep(r.runSeconds() / 3);
    boolean downOk = c.postgres().stopImmediate();
    Log.info(s + ": PostgreSQL stopped (immediate)");
    TimeUnit.SECONDS.sleep(r.pgDownS());
    downOk &= c.postgres().startAgain();
    Log.info(s + ": PostgreSQL started again");
    driver.waitFor();
    boolean after = c.steady(s + "-after");
    return Row.of(s, before, after && downOk).detail("postgres_down_s", r.pgDownS());
  }
}
