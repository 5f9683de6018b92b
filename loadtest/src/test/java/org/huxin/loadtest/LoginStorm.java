package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
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
  // -Dfeeder, -Dp99ms, -Dwarmup, -Dconsoles, -DstaffFeeder, -DwindowId: see StudentChains.

  // ---- protocol -----------------------------------------------------------------------------

  private final HttpProtocolBuilder protocol = StudentChains.protocol();

  // ---- chains -------------------------------------------------------------------------------

  private static final StudentChains.Span STORM = new StudentChains.Span();

  // ---- scenario -----------------------------------------------------------------------------

  private final ScenarioBuilder storm =
      scenario("login storm")
          .feed(StudentFeeder.queue(StudentChains.FEEDER))
          .exec(
              STORM.arrived(),
              StudentChains.login(""),
              StudentChains.questionnaire(""),
              STORM.finished());

  // ---- assertions ---------------------------------------------------------------------------

  private final List<Assertion> assertions =
      List.of(
          global().failedRequests().count().is(0L),
          details("login").responseTime().percentile(99.0).lt(StudentChains.P99_MS));

  // ---- set-up -------------------------------------------------------------------------------

  {
    Duration arrivals = Duration.ofMillis(Math.max(1, Math.round(1000.0 * STUDENTS / RATE)));
    PopulationBuilder theStorm = storm.injectOpen(rampUsers(STUDENTS).during(arrivals));
    StudentChains.Run run = StudentChains.run(theStorm, RATE, arrivals, assertions);
    setUp(run.populations()).protocols(protocol).assertions(run.assertions());
  }

  /** A progress line every 10 s while the run lasts ({@code -DprogressS}). */
  @Override
  public void before() {
    Recorded.printProgress();
  }

  /** Prints the storm's own duration (warm-up excluded) for the rehearsal script. */
  @Override
  public void after() {
    System.out.printf(
        "STORM students=%d rate=%s duration_ms=%d %s%n",
        STUDENTS, RATE, STORM.millis(), STORM.describe("measured"));
    System.out.print(StudentChains.staffReport());
    Recorded.write();
  }
}
