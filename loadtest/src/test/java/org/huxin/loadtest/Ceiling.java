package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import com.sun.management.OperatingSystemMXBean;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.FeederBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ceiling comparison: {@code users} users (closed model) each loop requests on their own
 * keep-alive connection, first for {@code warmup} seconds (requests named {@code warm-up ...}),
 * then for {@code seconds} seconds that are measured. With {@code -Dtarget=bare} they POST the very
 * same login bodies, filled from the same feeder, to {@code /} of the bare Vert.x endpoint ({@code
 * org.huxin.loadtest.ceiling.BareEndpoint}), so the generator does the same work for both targets;
 * with {@code -Dtarget=login} they POST real logins to {@code /api/student/login}, codes taken
 * round the feeder. Only 200s count as throughput. A login the waiting room queues (503 {@code
 * "queued"}) is counted apart: the user waits the {@code retryAfter} it was told and retries with
 * its ticket, as the student page does, and those retries are named {@code login (queued)}. Any
 * other answer is a failure.
 *
 * <p>{@link #after()} prints one line for {@code scripts/ceiling.sh}, figures of the measured phase
 * only: {@code CEILING target=... ok=N seconds=S per_s=X queued=Q failed=F users=U gen_cpu_s=C
 * from_ms=T0 to_ms=T1}, where {@code seconds} runs from the first measured request sent to the last
 * measured answer received and {@code gen_cpu_s} is this Gatling JVM's CPU time over the same span.
 *
 * <pre>
 * mvn -o -pl loadtest gatling:test -Dgatling.simulationClass=org.huxin.loadtest.Ceiling \
 *     -Dtarget=login -Dbase=http://127.0.0.1:8080 -Dfeeder=/abs/students.csv \
 *     -Dusers=128 -Dseconds=20 -Dwarmup=10
 * </pre>
 */
public final class Ceiling extends Simulation {

  // ---- parameters (-D) ----------------------------------------------------------------------

  /** {@code bare} (the constant endpoint) or {@code login} (the real gateway). */
  private static final String TARGET = System.getProperty("target", "login");

  private static final String BASE = System.getProperty("base", "http://127.0.0.1:8080");

  /** CSV whose first columns are schoolCode,studentNo,accessCode; read round and round. */
  private static final String FEEDER =
      System.getProperty("feeder", "target/rehearsal/latest/students.csv");

  /** Concurrent users, each on its own connection. */
  private static final int USERS = Integer.getInteger("users", 128);

  /** Length of the measured phase. */
  private static final int SECONDS = Integer.getInteger("seconds", 20);

  /** Length of the warm-up before it (0 for none). */
  private static final int WARMUP_S = Integer.getInteger("warmup", 10);

  // -Dsources (client source addresses): see StudentChains.

  static {
    if (!TARGET.equals("bare") && !TARGET.equals("login")) {
      throw new IllegalArgumentException("-Dtarget must be bare or login, got '" + TARGET + "'");
    }
    if (USERS < 1 || SECONDS < 1 || WARMUP_S < 0) {
      throw new IllegalArgumentException(
          "-Dusers and -Dseconds must be at least 1 and -Dwarmup not negative, got users="
              + USERS
              + " seconds="
              + SECONDS
              + " warmup="
              + WARMUP_S);
    }
  }

  // ---- protocol -----------------------------------------------------------------------------

  private final HttpProtocolBuilder protocol = StudentChains.protocol(List.of(BASE));

  // ---- chains -------------------------------------------------------------------------------

  private static final FeederBuilder<String> STUDENTS = csv(FEEDER).circular();

  private static final String PATH = TARGET.equals("bare") ? "/" : "/api/student/login";

  /**
   * Phase boundaries in epoch milliseconds, fixed in {@link #before()}: warm-up until {@code
   * warmEnd}, measured until {@code measureEnd}.
   */
  private static volatile long warmEnd;

  private static volatile long measureEnd;

  /** What the measured phase got; warm-up answers are not counted. */
  private static final AtomicLong OK = new AtomicLong();

  private static final AtomicLong QUEUED = new AtomicLong();
  private static final AtomicLong FAILED = new AtomicLong();
  private static final AtomicLong FIRST_SENT = new AtomicLong(Long.MAX_VALUE);
  private static final AtomicLong LAST_RECEIVED = new AtomicLong();
  private static final AtomicLong CPU_AT_FIRST = new AtomicLong(-1);

  private static final OperatingSystemMXBean OS =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);

  /**
   * One request: 200, or (login only) 503 "queued" with a ticket and a wait. The status is saved
   * first so that {@link #counted} sees it even when a later check fails.
   */
  private static HttpRequestActionBuilder attempt(String name, String body) {
    return http(name)
        .post(PATH)
        .body(StringBody(body))
        .asJson()
        .check(status().saveAs("status"), status().in(200, 503))
        .checkIf((response, session) -> response.status().code() == 503)
        .then(
            jsonPath("$.error").is("queued"),
            jsonPath("$.ticket").saveAs("ticket"),
            jsonPath("$.retryAfter").ofInt().saveAs("retryAfter"));
  }

  private static int statusOf(Session session) {
    return session.contains("status") ? session.getInt("status") : -1;
  }

  /** The end of the warm-up or of the measured phase, in epoch milliseconds. */
  private static long endOf(boolean measured) {
    return measured ? measureEnd : warmEnd;
  }

  private static boolean queued(Session session, boolean measured) {
    return statusOf(session) == 503
        && session.contains("retryAfter")
        && System.currentTimeMillis() < endOf(measured);
  }

  /** The wait the waiting room told, cut short at the end of the phase. */
  private static Duration toldWait(Session session, boolean measured) {
    long left = endOf(measured) - System.currentTimeMillis();
    return Duration.ofMillis(Math.max(0, Math.min(session.getInt("retryAfter") * 1000L, left)));
  }

  /** Marks the send time of a measured request (the first one also samples the CPU clock). */
  private static Session sending(Session session) {
    long now = System.currentTimeMillis();
    if (FIRST_SENT.get() == Long.MAX_VALUE && FIRST_SENT.compareAndSet(Long.MAX_VALUE, now)) {
      CPU_AT_FIRST.set(OS.getProcessCpuTime());
    }
    return session.remove("status").remove("retryAfter");
  }

  /** Counts a measured answer: 200 is throughput, a queued 503 is apart, anything else failed. */
  private static Session counted(Session session) {
    LAST_RECEIVED.accumulateAndGet(System.currentTimeMillis(), Math::max);
    switch (statusOf(session)) {
      case 200 -> OK.incrementAndGet();
      case 503 -> {
        if (session.contains("retryAfter")) {
          QUEUED.incrementAndGet();
        } else {
          FAILED.incrementAndGet();
        }
      }
      default -> FAILED.incrementAndGet();
    }
    return session;
  }

  /**
   * One round: a request, then as long as the waiting room queues it, the told wait and a retry
   * with the ticket; a wait that would outlast the phase is cut at its end, so warm-up queueing
   * never leaks into the measured phase. Requests are named {@code prefix + target} and {@code
   * prefix + target + " (queued)"}; only the measured phase is counted.
   */
  private static ChainBuilder round(String prefix, boolean measured) {
    ChainBuilder before =
        measured
            ? exec(Ceiling::sending)
            : exec(session -> session.remove("status").remove("retryAfter"));
    ChainBuilder after = measured ? exec(Ceiling::counted) : exec(session -> session);
    return exec(before, exec(attempt(prefix + TARGET, StudentChains.LOGIN_BODY)), after)
        .asLongAs(session -> queued(session, measured))
        .on(
            pause(session -> toldWait(session, measured)),
            doIf(session -> System.currentTimeMillis() < endOf(measured))
                .then(
                    before,
                    exec(attempt(prefix + TARGET + " (queued)", StudentChains.RETRY_BODY)),
                    after));
  }

  // ---- scenario -----------------------------------------------------------------------------

  private final ScenarioBuilder loop =
      scenario("ceiling " + TARGET)
          .asLongAs(session -> System.currentTimeMillis() < warmEnd)
          .on(feed(STUDENTS), round("warm-up ", false))
          .asLongAs(session -> System.currentTimeMillis() < measureEnd)
          .on(feed(STUDENTS), round("", true));

  // ---- assertions ---------------------------------------------------------------------------

  private final List<Assertion> assertions =
      List.of(details(TARGET).failedRequests().count().is(0L));

  // ---- set-up -------------------------------------------------------------------------------

  /**
   * Users ramp up over the first half of the warm-up, so that a cold server is not met by every
   * connection at once, and then stay: each loops until the measured phase ends. The injection ends
   * a second before that, so no user is started in a phase's last moment only to find it over.
   */
  {
    int rampS = WARMUP_S / 2;
    Duration hold = Duration.ofSeconds(Math.max(1, WARMUP_S - rampS + SECONDS - 1));
    PopulationBuilder users =
        rampS == 0
            ? loop.injectClosed(constantConcurrentUsers(USERS).during(hold))
            : loop.injectClosed(
                rampConcurrentUsers(1).to(USERS).during(Duration.ofSeconds(rampS)),
                constantConcurrentUsers(USERS).during(hold));
    setUp(users).protocols(protocol).assertions(assertions);
  }

  /** Fixes the phase boundaries just before the first user starts. */
  @Override
  public void before() {
    long start = System.currentTimeMillis();
    warmEnd = start + WARMUP_S * 1000L;
    measureEnd = warmEnd + SECONDS * 1000L;
  }

  /** Prints the measured phase's figures for {@code scripts/ceiling.sh}. */
  @Override
  public void after() {
    long cpuNanos = OS.getProcessCpuTime() - CPU_AT_FIRST.get();
    long first = FIRST_SENT.get();
    long last = LAST_RECEIVED.get();
    double seconds = last > first ? (last - first) / 1000.0 : 0;
    System.out.printf(
        Locale.ROOT,
        "CEILING target=%s ok=%d seconds=%.3f per_s=%.1f queued=%d failed=%d users=%d"
            + " gen_cpu_s=%.2f from_ms=%d to_ms=%d%n",
        TARGET,
        OK.get(),
        seconds,
        seconds > 0 ? OK.get() / seconds : 0,
        QUEUED.get(),
        FAILED.get(),
        USERS,
        CPU_AT_FIRST.get() < 0 ? 0 : cpuNanos / 1e9,
        first == Long.MAX_VALUE ? 0 : first,
        last);
  }
}
