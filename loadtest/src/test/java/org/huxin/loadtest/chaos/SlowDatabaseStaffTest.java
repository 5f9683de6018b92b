package org.huxin.loadtest.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A slow database must not stall the staff console (issue 16's "no handler waits on a thread"):
 * with the chaos suite's {@link DelayProxy} adding 200 ms to every round trip between the gateway
 * and PostgreSQL, 200 staff requests sent at once (each a scope check, a read and its audit row)
 * are all answered, and the node's worker pool takes no part: nothing queues on it and it runs only
 * its own background ticks, not one task per request.
 */
@DatabaseTest
class SlowDatabaseStaffTest {
  private static final int REQUESTS = 200;
  private static final long DELAY_MS = 200;

  private static DelayProxy proxy;
  private static GatewayFixture gw;

  @BeforeAll
  static void start() throws Exception {
    proxy =
        DelayProxy.start(0, new InetSocketAddress("127.0.0.1", TestDatabase.server().port()), 0);
    // 16 connections at 200 ms a round trip carry the burst in seconds; the acquire timeout lets a
    // request wait its turn for one (in the pool's queue, not on a thread).
    gw =
        GatewayFixture.startBehind(
            SlowDatabaseStaffTest.class,
            Map.of("HUXIN_PG_POOL", "16", "HUXIN_PG_ACQUIRE_TIMEOUT_S", "60"),
            proxy.port());
  }

  @AfterAll
  static void stop() throws Exception {
    if (gw != null) {
      gw.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void slowDatabase_200ConcurrentStaffRequests_allAnsweredWithoutTheWorkerPool() throws Exception {
    Http staff = gw.staffSession("city");
    RosterEntry student = gw.studentA();
    String path = "/api/staff/audit?student=" + student.id() + "&limit=5";
    assertEquals(200, staff.get(path).statusCode(), "the endpoint answers before the delay");
    MeterRegistry registry = gw.metrics.registry();
    proxy.delayMillis(DELAY_MS);
    double workerTasksBefore = workerTasksCompleted(registry);
    AtomicLong mostQueued = new AtomicLong();
    AtomicBoolean sampling = new AtomicBoolean(true);
    Thread sampler =
        new Thread(
            () -> {
              while (sampling.get()) {
                mostQueued.accumulateAndGet((long) workerQueue(registry), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.start();
    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    long start = System.nanoTime();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        answers.add(
            clients.submit(
                () -> {
                  go.await();
                  return staff.get(path);
                }));
      }
      go.countDown();
      int ok = 0;
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> r = answer.get(120, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), r.body());
        ok++;
      }
      assertEquals(REQUESTS, ok);
    } finally {
      clients.shutdownNow();
      sampling.set(false);
      sampler.join();
      proxy.delayMillis(0);
    }
    long seconds = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    double workerTasks = workerTasksCompleted(registry) - workerTasksBefore;
    System.out.printf(
        "slow database (%d ms a round trip): %d staff requests answered in %d ms;"
            + " worker-pool tasks meanwhile %.0f, most queued %d%n",
        DELAY_MS, REQUESTS, seconds, workerTasks, mostQueued.get());
    assertEquals(0, mostQueued.get(), "a staff request waited for a worker thread");
    assertTrue(
        workerTasks < REQUESTS / 10.0,
        "the worker pool ran " + workerTasks + " tasks for " + REQUESTS + " requests");
  }

  /** Tasks the Vert.x worker pool has completed ({@code vertx_pool_completed}, worker pools). */
  private static double workerTasksCompleted(MeterRegistry registry) {
    return registry
            .find("vertx.pool.completed")
            .tag("pool_type", "worker")
            .functionCounters()
            .stream()
            .mapToDouble(FunctionCounter::count)
            .sum()
        + registry.find("vertx.pool.completed").tag("pool_type", "worker").counters().stream()
            .mapToDouble(c -> c.count())
            .sum();
  }

  /** Tasks waiting for a worker thread now ({@code vertx_pool_queue_pending}, worker pools). */
  private static double workerQueue(MeterRegistry registry) {
    return registry.find("vertx.pool.queue.pending").tag("pool_type", "worker").gauges().stream()
        .mapToDouble(Gauge::value)
        .sum();
  }
}
