package org.huxin.loadtest.chaos.scenario;

import java.util.concurrent.TimeUnit;
import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.Row;
import org.huxin.loadtest.chaos.harness.RunSettings;

/**
 * kill -9 of node 2 a third of the way into the students' arrival; they carry on on the other two,
 * a failed submit retried on another node with its key. Node 2 is started again afterwards.
 */
public final class KillGateway implements Scenario {

  @Override
  public String name() {
    return "kill-gateway";
  }

  @Override
  public Row run(ChaosContext c) throws Exception {
    String s = name();
    RunSettings r = c.settings();
    boolean before = c.steady(s + "-before");
    int killAfter = r.runSeconds() / 3;
    Log.info(
        s
            + ": "
            + r.per()
            + " students at "
            + r.rate()
            + "/s; node 2 is killed after "
            + killAfter
            + " s");
    Process driver = c.drivers().start(s, r.per(), r.rate());
    TimeUnit.SECONDS.sleep(killAfter);
    c.nodes().kill(2);
    Log.info(s + ": node 2 killed");
    driver.waitFor();
    c.nodes().start(2);
    c.nodes().awaitReady(2, "gateway 2 (restarted)");
    boolean after = c.steady(s + "-after");
    return Row.of(s, before, after);
  }
}
