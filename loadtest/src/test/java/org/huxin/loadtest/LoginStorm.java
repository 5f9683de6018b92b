package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The morning a city's students all log in: {@code students} students arrive at {@code rate} per
 * second (open model) and each signs in with the school code, student number and access code from
 * the feeder, then fetches the questionnaire the login points to. A login the waiting room turns
 * away (503, {@code "queued"}) is not an error: the student waits the {@code retryAfter} seconds it
 * was told and retries with the ticket, as the student page does; those retries are the requests
 * named {@code login (queued)}, so their count is the number of queued answers. {@code -Dbase} may
 * list several nodes, comma-separated; see {@link StudentChains} for the feeder and the chains.
 *
 * <pre>
 * mvn -pl loadtest gatling:test -Dgatling.simulationClass=org.huxin.loadtest.LoginStorm \
 *     -Dbase=http://127.0.0.1:8080 -Dstudents=2000 -Drate=200 -Dfeeder=/abs/students.csv
 * </pre>
 *
 * {@code loadtest/scripts/rehearse.sh} seeds the city, starts the nodes and runs this.
 */
public final class LoginStorm extends Simulation {

  // ---- parameters (-D) ----------------------------------------------------------------------

  private static final int STUDENTS = Integer.getInteger("students", 2000);
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "200"));
  private static final String FEEDER =
      System.getProperty("feeder", "target/rehearsal/latest/students.csv");

  /** Upper bound on the p99 of a login attempt, in milliseconds. */
  private static final int P99_MS = Integer.getInteger("p99ms", 1000);

  /**
   * Seconds of warm-up at a quarter of the rate before the storm (0 for none), so that the storm
   * meets JIT-compiled JVMs on both sides; warm-up requests are named {@code warm-up ...}.
   */
  private static final int WARMUP_S = Integer.getInteger("warmup", 15);

  /** Staff consoles on live progress and alerts during the run ({@link StaffWatch}); 0 for none. */
  private static final int CONSOLES = Integer.getInteger("consoles", 0);

  private static final String STAFF_FEEDER = System.getProperty("staffFeeder", "");
  private static final long WINDOW_ID = Long.getLong("windowId", 1L);

  // ---- protocol -----------------------------------------------------------------------------

  private final HttpProtocolBuilder protocol = StudentChains.protocol();

  // ---- chains -------------------------------------------------------------------------------

  private static final StudentChains.Span STORM = new StudentChains.Span();

  // ---- scenario -----------------------------------------------------------------------------

  private final ScenarioBuilder warmUp =
      scenario("warm-up")
          .feed(StudentFeeder.circular(FEEDER))
          .exec(StudentChains.login("warm-up "), StudentChains.questionnaire("warm-up "));

  private final ScenarioBuilder storm =
      scenario("login storm")
          .feed(StudentFeeder.queue(FEEDER))
          .exec(
              STORM.arrived(),
              StudentChains.login(""),
              StudentChains.questionnaire(""),
              STORM.finished());

  // ---- assertions ---------------------------------------------------------------------------

  private final List<Assertion> assertions =
      List.of(
          global().failedRequests().count().is(0L),
          details("login").responseTime().percentile(99.0).lt(P99_MS));

  // ---- set-up -------------------------------------------------------------------------------

  {
    Duration arrivals = Duration.ofMillis(Math.max(1, Math.round(1000.0 * STUDENTS / RATE)));
    PopulationBuilder theStorm = storm.injectOpen(rampUsers(STUDENTS).during(arrivals));
    StaffWatch.Alongside staff =
        StaffWatch.Alongside.of(
            String.join(",", StudentChains.BASES),
            STAFF_FEEDER,
            WINDOW_ID,
            CONSOLES,
            arrivals.plusSeconds(WARMUP_S),
            P99_MS);
    List<PopulationBuilder> populations = new ArrayList<>(staff.populations());
    populations.add(
        WARMUP_S == 0
            ? theStorm
            : warmUp.injectOpen(constantUsersPerSec(RATE / 4).during(WARMUP_S)).andThen(theStorm));
    List<Assertion> all = new ArrayList<>(assertions);
    all.addAll(staff.assertions());
    setUp(populations).protocols(protocol).assertions(all);
  }

  /** Prints the storm's own duration (warm-up excluded) for the rehearsal script. */
  @Override
  public void after() {
    System.out.printf(
        "STORM students=%d rate=%s duration_ms=%d %s%n",
        STUDENTS, RATE, STORM.millis(), STORM.describe("measured"));
    if (CONSOLES > 0) {
      System.out.println(StaffWatch.report());
    }
  }
}
