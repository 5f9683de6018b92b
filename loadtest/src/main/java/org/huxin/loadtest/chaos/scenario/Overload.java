package org.huxin.loadtest.chaos.scenario;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.GatewayNodes;
import org.huxin.loadtest.chaos.harness.HeapSampler;
import org.huxin.loadtest.chaos.harness.Log;
import org.huxin.loadtest.chaos.harness.Row;
import org.huxin.loadtest.chaos.harness.RunSettings;

/**
 * Students arrive at twice the capacity measured just before (closed model, 600 students, 32 at a
 * time). Admitted requests keep p99 under 1 s, the rest wait in line, no node dies, and no node's
 * heap passes 95 % of its limit.
 */
public final class Overload implements Scenario {

  @Override
  public String name() {
    return "overload";
  }

  @Override
  public Row run(ChaosContext c) throws Exception {
    String s = name();
    RunSettings r = c.settings();
    boolean before = c.steady(s + "-before");
    // A first closed round warms the nodes (JIT, pools) so that a cold start does not halve the
    // measured capacity, and with it the overload; it is accounted like every other run.
    Log.info(
        s + ": warming up, then measuring capacity (closed model, 600 students, 32 at a time)");
    c.drivers().run(s + "-warm", 300, 0, "--concurrency", 32);
    c.drivers().run(s + "-capacity", 600, 0, "--concurrency", 32);
    long capacity = capacity(new JsonObject(Files.readString(c.file(s + "-capacity.driver.json"))));
    long offered = 2 * capacity;
    long n = Math.min(offered * r.overloadS(), r.overloadMax());
    Log.info(s + ": capacity " + capacity + " students/s; " + n + " students at " + offered + "/s");
    HeapSampler heap = HeapSampler.start(c.nodes(), c.file("heap.max"));
    c.drivers()
        .run(
            s,
            (int) n,
            (int) offered,
            "--concurrency",
            512,
            "--deadline-s",
            r.overloadS() + 240,
            "--timeout-ms",
            15000);
    long heapMaxMb = heap.stop();
    int alive = 0;
    for (int i = 0; i < c.nodes().count(); i++) {
      alive += c.nodes().alive(i) ? 1 : 0;
    }
    boolean after = c.steady(s + "-after");
    return Row.of(s, before, after)
        .detail("capacity_per_s", capacity)
        .detail("offered_per_s", offered)
        .detail("nodes_alive", alive)
        .detail("nodes_dead", c.nodes().count() - alive)
        .limit("nodes_dead", 0)
        .detail("heap_max_mb", heapMaxMb)
        .detail("heap_limit_mb", GatewayNodes.HEAP_MB)
        .limit("heap_max_mb", GatewayNodes.HEAP_MB * 95 / 100)
        .limit("driver.ok_request_p99_ms", 1000)
        .flag("acks", c.file(s + "-warm.acks.csv") + "," + c.file(s + "-capacity.acks.csv"))
        .flag(
            "drivers", c.file(s + "-warm.driver.json") + "," + c.file(s + "-capacity.driver.json"));
  }

  /** Students acknowledged a second in a driver's report, at least 1. */
  static long capacity(JsonObject driverReport) {
    long acknowledged = driverReport.getLong("acknowledged");
    long elapsed = Math.max(1, driverReport.getLong("elapsed_ms"));
    return Math.max(1, (long) (acknowledged * 1000.0 / elapsed));
  }
}
