package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

/**
 * The morning a city's students all log in: {@code students} students arrive at {@code rate} per
 * second (open model) and each signs in with the school code, student number and access code from
 * the feeder, then fetches the questionnaire the login points to. A login the waiting room turns
 * away (503, {@code "queued"}) is not an error: the student waits the {@code retryAfter} seconds it
 * was told and retries with the ticket, as the student page does; those retries are the requests
 * named {@code login (queued)}, so their count is the number of queued answers.
 *
 * <pre>
 * mvn -pl loadtest gatling:test -Dgatling.simulationClass=org.huxin.loadtest.LoginStorm \
 *     -Dbase=http://127.0.0.1:8080 -Dstudents=2000 -Drate=200 -Dfeeder=/abs/students.csv
 * </pre>
 *
 * {@code loadtest/scripts/rehearse-login.sh} seeds the city, starts the gateway and runs this.
 */
public final class LoginStorm extends Simulation {

  // ---- parameters (-D) ----------------------------------------------------------------------

  private static final String BASE = System.getProperty("base", "http://127.0.0.1:8080");
  private static final int STUDENTS = Integer.getInteger("students", 2000);
  private static final double RATE = Double.parseDouble(System.getProperty("rate", "200"));
  private static final String FEEDER =
      System.getProperty("feeder", "target/rehearsal/latest/students.csv");

  /** Upper bound on the p99 of a login attempt, in milliseconds. */
  private static final int P99_MS = Integer.getInteger("p99ms", 1000);

  /** Client source addresses 127.0.1.1 … 127.0.1.{@code sources}. */
  private static final int SOURCES = Integer.getInteger("sources", 40);

  /** Queued answers one student accepts before giving up (counted as a failure). */
  private static final int MAX_RETRIES = Integer.getInteger("maxRetries", 20);

  /**
   * Seconds of warm-up at a quarter of the rate before the storm (0 for none), so that the storm
   * meets JIT-compiled JVMs on both sides; warm-up requests are named {@code warm-up ...}.
   */
  private static final int WARMUP_S = Integer.getInteger("warmup", 15);

  // ---- protocol -----------------------------------------------------------------------------

  private static final List<String> SOURCE_ADDRESSES =
      IntStream.rangeClosed(1, Math.min(254, SOURCES)).mapToObj(i -> "127.0.1." + i).toList();

  private final HttpProtocolBuilder protocol =
      http.baseUrl(BASE)
          .acceptHeader("application/json")
          .userAgentHeader("huxin-rehearsal")
          .localAddresses(SOURCE_ADDRESSES)
          .disableWarmUp();

  // ---- chains -------------------------------------------------------------------------------

  private static final String LOGIN_BODY =
      """
      {"schoolCode":"#{schoolCode}","studentNo":"#{studentNo}","accessCode":"#{accessCode}"}""";

  private static final String RETRY_BODY =
      """
      {"schoolCode":"#{schoolCode}","studentNo":"#{studentNo}","accessCode":"#{accessCode}",\
      "queueTicket":"#{ticket}"}""";

  /** One login attempt: 200 with a token, or 503 "queued" with a ticket and a wait. */
  private static HttpRequestActionBuilder loginAttempt(String name, String body) {
    return http(name)
        .post("/api/student/login")
        .body(StringBody(body))
        .asJson()
        .check(status().in(200, 503).saveAs("status"))
        .checkIf((response, session) -> response.status().code() == 200)
        .then(jsonPath("$.questionnaire").saveAs("questionnaire"))
        .checkIf((response, session) -> response.status().code() == 503)
        .then(
            jsonPath("$.error").is("queued"),
            jsonPath("$.ticket").saveAs("ticket"),
            jsonPath("$.retryAfter").ofInt().saveAs("retryAfter"));
  }

  private static boolean queued(io.gatling.javaapi.core.Session session) {
    return session.contains("status")
        && session.getInt("status") == 503
        && session.getInt("retries") < MAX_RETRIES;
  }

  /** Signs in, waiting in the queue as often as told; requests named {@code prefix + "login"}. */
  private static ChainBuilder login(String prefix) {
    return exec(session -> session.set("retries", 0).remove("status"))
        .exec(loginAttempt(prefix + "login", LOGIN_BODY))
        .asLongAs(LoginStorm::queued)
        .on(
            pause(session -> Duration.ofSeconds(session.getInt("retryAfter"))),
            exec(session -> session.set("retries", session.getInt("retries") + 1).remove("status")),
            exec(loginAttempt(prefix + "login (queued)", RETRY_BODY)))
        .exitHereIfFailed();
  }

  /** Fails (as a KO "questionnaire") when the student never got past the waiting room. */
  private static ChainBuilder questionnaire(String prefix) {
    return exec(http(prefix + "questionnaire").get("#{questionnaire}").check(status().is(200)));
  }

  /** When the first storm student arrived and the last one finished, in epoch milliseconds. */
  private static final AtomicLong STORM_FIRST = new AtomicLong(Long.MAX_VALUE);

  private static final AtomicLong STORM_LAST = new AtomicLong();

  private static final ChainBuilder STORM_ARRIVED =
      exec(
          session -> {
            STORM_FIRST.accumulateAndGet(System.currentTimeMillis(), Math::min);
            return session;
          });

  private static final ChainBuilder STORM_DONE =
      exec(
          session -> {
            STORM_LAST.accumulateAndGet(System.currentTimeMillis(), Math::max);
            return session;
          });

  // ---- scenario -----------------------------------------------------------------------------

  private final ScenarioBuilder warmUp =
      scenario("warm-up")
          .feed(csv(FEEDER).circular())
          .exec(login("warm-up "), questionnaire("warm-up "));

  private final ScenarioBuilder storm =
      scenario("login storm")
          .feed(csv(FEEDER).queue())
          .exec(STORM_ARRIVED, login(""), questionnaire(""), STORM_DONE);

  // ---- assertions ---------------------------------------------------------------------------

  private final List<Assertion> assertions =
      List.of(
          global().failedRequests().count().is(0L),
          details("login").responseTime().percentile(99.0).lt(P99_MS));

  // ---- set-up -------------------------------------------------------------------------------

  {
    Duration arrivals = Duration.ofMillis(Math.max(1, Math.round(1000.0 * STUDENTS / RATE)));
    PopulationBuilder theStorm = storm.injectOpen(rampUsers(STUDENTS).during(arrivals));
    setUp(
            WARMUP_S == 0
                ? theStorm
                : warmUp
                    .injectOpen(constantUsersPerSec(RATE / 4).during(WARMUP_S))
                    .andThen(theStorm))
        .protocols(protocol)
        .assertions(assertions);
  }

  /** Prints the storm's own duration (warm-up excluded) for the rehearsal script. */
  @Override
  public void after() {
    long first = STORM_FIRST.get();
    long last = STORM_LAST.get();
    System.out.printf(
        "STORM students=%d rate=%s duration_ms=%d%n",
        STUDENTS, RATE, last >= first ? last - first : -1);
  }
}
