package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole screening for {@code students} students arriving at {@code rate} per second (open model):
 * sign in, fetch the questionnaire, save a draft after every page, submit. Two modes:
 *
 * <ul>
 *   <li>{@code -Dmode=paced}: each student reads for {@code thinkMs} before every page's draft and
 *       submits at the end, as in a classroom;
 *   <li>{@code -Dmode=all-first}: every student signs in, fetches and saves the first page's draft,
 *       and only when all of them have, and the cluster has held every draft for {@code holdS}
 *       seconds, do they submit (at {@code submitRate} per second). At that moment all N students
 *       are mid-questionnaire with their drafts held by the gateway nodes.
 * </ul>
 *
 * <p>Answers come from {@link StudentAnswers} (seed {@code -Dseed}), so {@link RehearsalCheck} can
 * recompute every stored tier afterwards. Requests: {@code login}, {@code login (queued)}, {@code
 * questionnaire}, {@code draft}, {@code submit}, {@code submit (retry)}.
 *
 * <pre>
 * mvn -pl loadtest gatling:test -Dgatling.simulationClass=org.huxin.loadtest.FullScreening \
 *     -Dbase=http://127.0.0.1:18300 -Dstudents=2000 -Drate=200 -Dmode=all-first -Dfeeder=/abs/students.csv
 * </pre>
 *
 * {@code loadtest/scripts/rehearse.sh --scenario full} seeds, starts the nodes, runs and verifies.
 */
public final class FullScreening extends Simulation {

  // ---- parameters (-D) ----------------------------------------------------------------------

  private static final int STUDENTS = Integer.getInteger("students", 2000);
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "200"));
  private static final double SUBMIT_RATE =
      Double.parseDouble(System.getProperty("submitRate", String.valueOf(RATE)));
  private static final String MODE = System.getProperty("mode", "all-first");
  private static final int THINK_MS = Integer.getInteger("thinkMs", 2000);
  private static final int HOLD_S = Integer.getInteger("holdS", 10);

  // -Dfeeder, -Dp99ms, -Dwarmup, -Dconsoles, -DstaffFeeder, -DwindowId: see StudentChains.

  // ---- protocol -----------------------------------------------------------------------------

  private final HttpProtocolBuilder protocol = StudentChains.protocol();

  // ---- chains -------------------------------------------------------------------------------

  private static final StudentChains.Span SCREENING = new StudentChains.Span();

  /** From the first student's arrival to the last student's login answer. */
  private static final StudentChains.Span LOGINS = new StudentChains.Span();

  /** Students whose first draft is saved and whose submit is not yet acknowledged. */
  private static final AtomicLong IN_PROGRESS = new AtomicLong();

  private static final AtomicLong PEAK_IN_PROGRESS = new AtomicLong();

  /** All-first mode: the students who saved a draft, waiting for the submit phase. */
  private static final ConcurrentLinkedQueue<Map<String, Object>> DRAFTED =
      new ConcurrentLinkedQueue<>();

  private static final ChainBuilder BEGAN =
      exec(
          session -> {
            PEAK_IN_PROGRESS.accumulateAndGet(IN_PROGRESS.incrementAndGet(), Math::max);
            return session;
          });

  private static final ChainBuilder ENDED =
      exec(
          session -> {
            IN_PROGRESS.decrementAndGet();
            return session;
          });

  /** A student arrives, signs in (waiting in line if told) and fetches the questionnaire. */
  private static final ChainBuilder SIGN_IN =
      exec(
          SCREENING.arrived(),
          LOGINS.arrived(),
          StudentChains.login(""),
          LOGINS.finished(),
          StudentChains.questionnaire(""));

  private static final ChainBuilder FIRST_PAGE =
      exec(session -> session.set("page", 0)).exec(StudentChains.draft()).exitHereIfFailed();

  private static final ChainBuilder REST_OF_THE_PAGES =
      repeat(session -> session.getInt("pages") - 1, "more")
          .on(
              pause(Duration.ofMillis(THINK_MS)),
              exec(session -> session.set("page", session.getInt("more") + 1)),
              StudentChains.draft())
          .exitHereIfFailed();

  private static final ChainBuilder QUEUE_FOR_SUBMIT =
      exec(
          session -> {
            DRAFTED.add(
                Map.of(
                    "token", session.getString("token"),
                    "studentId", session.getString("studentId"),
                    "grade", session.getString("grade"),
                    "sex", session.getString("sex")));
            return session;
          });

  /**
   * The drafted students, each once, in the order they drafted; then {@code nobody} for the
   * submitters injected for students who never got a draft saved (already counted as failures).
   */
  private static final Iterator<Map<String, Object>> DRAFTED_FEEDER =
      new Iterator<>() {
        @Override
        public boolean hasNext() {
          return true;
        }

        @Override
        public Map<String, Object> next() {
          Map<String, Object> next = DRAFTED.poll();
          return next != null ? next : Map.of("nobody", true);
        }
      };

  // ---- scenarios ----------------------------------------------------------------------------

  private final ScenarioBuilder paced =
      scenario("screening, paced")
          .feed(StudentFeeder.queue(StudentChains.FEEDER))
          .exec(
              SIGN_IN,
              StudentChains.countPages(),
              pause(Duration.ofMillis(THINK_MS)),
              FIRST_PAGE,
              BEGAN,
              REST_OF_THE_PAGES,
              pause(Duration.ofMillis(THINK_MS)),
              StudentChains.submit(),
              ENDED,
              SCREENING.finished());

  private final ScenarioBuilder arrive =
      scenario("screening, all first: sign in and draft")
          .feed(StudentFeeder.queue(StudentChains.FEEDER))
          .exec(SIGN_IN, FIRST_PAGE, BEGAN, QUEUE_FOR_SUBMIT);

  /** One user who waits while every draft is held, so the nodes can be sampled at the peak. */
  private final ScenarioBuilder hold =
      scenario("screening, all first: hold")
          .exec(
              session -> {
                System.out.printf(
                    "HOLD in_progress=%d drafted=%d hold_s=%d%n",
                    IN_PROGRESS.get(), DRAFTED.size(), HOLD_S);
                return session;
              })
          .pause(Duration.ofSeconds(HOLD_S));

  private final ScenarioBuilder submitAll =
      scenario("screening, all first: submit")
          .feed(DRAFTED_FEEDER)
          .doIf(session -> !session.contains("nobody"))
          .then(StudentChains.submit(), ENDED, SCREENING.finished());

  // ---- assertions ---------------------------------------------------------------------------

  private final List<Assertion> assertions =
      List.of(
          global().failedRequests().count().is(0L),
          details("login").responseTime().percentile(99.0).lt(StudentChains.P99_MS),
          details("draft").responseTime().percentile(99.0).lt(StudentChains.P99_MS),
          details("submit").responseTime().percentile(99.0).lt(StudentChains.P99_MS));

  // ---- set-up -------------------------------------------------------------------------------

  private static Duration spread(int users, double perSecond) {
    return Duration.ofMillis(Math.max(1, Math.round(1000.0 * users / perSecond)));
  }

  {
    PopulationBuilder screening =
        switch (MODE) {
          case "paced" -> paced.injectOpen(rampUsers(STUDENTS).during(spread(STUDENTS, RATE)));
          case "all-first" ->
              arrive
                  .injectOpen(rampUsers(STUDENTS).during(spread(STUDENTS, RATE)))
                  .andThen(
                      hold.injectOpen(atOnceUsers(1))
                          .andThen(
                              submitAll.injectOpen(
                                  rampUsers(STUDENTS).during(spread(STUDENTS, SUBMIT_RATE)))));
          default ->
              throw new IllegalArgumentException("-Dmode is paced or all-first, not " + MODE);
        };
    Duration expected =
        spread(STUDENTS, RATE)
            .plus(
                MODE.equals("paced")
                    ? Duration.ofMillis(THINK_MS * 8L)
                    : spread(STUDENTS, SUBMIT_RATE).plusSeconds(HOLD_S));
    StudentChains.Run run = StudentChains.run(screening, RATE, expected, assertions);
    setUp(run.populations()).protocols(protocol).assertions(run.assertions());
  }

  /** A progress line every 10 s while the run lasts ({@code -DprogressS}). */
  @Override
  public void before() {
    Recorded.printProgress();
  }

  /** Prints the screening's own figures (warm-up excluded) for the rehearsal script. */
  @Override
  public void after() {
    System.out.printf(
        "FULL students=%d mode=%s duration_ms=%d login_phase_ms=%d client_peak_in_progress=%d"
            + " left_in_progress=%d %s%n",
        STUDENTS,
        MODE,
        SCREENING.millis(),
        LOGINS.millis(),
        PEAK_IN_PROGRESS.get(),
        IN_PROGRESS.get(),
        SCREENING.describe("measured"));
    System.out.print(StudentChains.staffReport());
    Recorded.write();
  }
}
