package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.huxin.scales.ScaleLibrary;

/**
 * What a student's browser does, as Gatling chains the rehearsal simulations share: sign in
 * (waiting in the queue as often as told), fetch the questionnaire, save a page's draft, submit
 * (retrying a busy answer with the same idempotency key). Feeder columns: {@code schoolCode,
 * studentNo, accessCode, studentId, grade, sex}; answers come from {@link StudentAnswers} with the
 * seed of {@code -Dseed}, so the verifier knows every tier the gateway must store.
 */
final class StudentChains {

  /** The gateway nodes, {@code -Dbase=http://127.0.0.1:18300,http://127.0.0.1:18301}. */
  static final List<String> BASES =
      Arrays.stream(System.getProperty("base", "http://127.0.0.1:8080").split(","))
          .map(String::trim)
          .filter(s -> !s.isEmpty())
          .toList();

  /** Client source addresses 127.0.1.1 … 127.0.1.{@code -Dsources}. */
  static final int SOURCES = Integer.getInteger("sources", 40);

  /** Queued or busy answers one request accepts before giving up (counted as a failure). */
  static final int MAX_RETRIES = Integer.getInteger("maxRetries", 20);

  /** The students' feeder written by {@link Rehearsal}. */
  static final String FEEDER = System.getProperty("feeder", "target/rehearsal/latest/students.csv");

  /** Upper bound on the p99 of each student request kind, in milliseconds. */
  static final int P99_MS = Integer.getInteger("p99ms", 1000);

  /**
   * Seconds of warm-up (sign in and fetch, at a quarter of the rate) before the measured students
   * (0 for none), so that they meet JIT-compiled JVMs on both sides; its requests are named {@code
   * warm-up ...}.
   */
  static final int WARMUP_S = Integer.getInteger("warmup", 15);

  /** Staff consoles on live progress and alerts during the run ({@link StaffWatch}); 0 for none. */
  static final int CONSOLES = Integer.getInteger("consoles", 0);

  private static final String STAFF_FEEDER = System.getProperty("staffFeeder", "");
  private static final long WINDOW_ID = Long.getLong("windowId", 1L);

  static final StudentAnswers ANSWERS =
      new StudentAnswers(
          ScaleLibrary.loadDefault(), Long.getLong("seed", Rehearsal.DEFAULT_SEED).longValue());

  private StudentChains() {}

  /**
   * Students spread over the nodes round-robin (Gatling picks a base URL per virtual user, as a
   * load balancer would per session) and over {@link #SOURCES} loopback source addresses.
   */
  static HttpProtocolBuilder protocol() {
    return protocol(BASES);
  }

  /** The same protocol on other {@code bases} (the ceiling's bare endpoint). */
  static HttpProtocolBuilder protocol(List<String> bases) {
    List<String> sources =
        IntStream.rangeClosed(1, Math.min(254, SOURCES)).mapToObj(i -> "127.0.1." + i).toList();
    return http.baseUrls(bases)
        .acceptHeader("application/json")
        .acceptEncodingHeader("gzip")
        .userAgentHeader("huxin-rehearsal")
        .localAddresses(sources)
        .disableWarmUp();
  }

  // ---- login --------------------------------------------------------------------------------

  static final String LOGIN_BODY =
      """
      {"schoolCode":"#{schoolCode}","studentNo":"#{studentNo}","accessCode":"#{accessCode}"}""";

  static final String RETRY_BODY =
      """
      {"schoolCode":"#{schoolCode}","studentNo":"#{studentNo}","accessCode":"#{accessCode}",\
      "queueTicket":"#{ticket}"}""";

  /** One login attempt: 200 with a token, or 503 "queued" with a ticket and a wait. */
  private static ChainBuilder loginAttempt(String name, String body) {
    return Recorded.request(
        name,
        r ->
            r.post("/api/student/login")
                .body(StringBody(body))
                .asJson()
                .check(status().in(200, 503).saveAs("status"))
                .checkIf((response, session) -> response.status().code() == 200)
                .then(
                    jsonPath("$.questionnaire").saveAs("questionnaire"),
                    jsonPath("$.token").saveAs("token"))
                .checkIf((response, session) -> response.status().code() == 503)
                .then(
                    jsonPath("$.error").is("queued"),
                    jsonPath("$.ticket").saveAs("ticket"),
                    jsonPath("$.retryAfter").ofInt().saveAs("retryAfter")));
  }

  private static boolean toldToWait(Session session) {
    return session.contains("status")
        && session.getInt("status") == 503
        && session.getInt("retries") < MAX_RETRIES;
  }

  private static Session incrementRetries(Session session) {
    return session.set("retries", session.getInt("retries") + 1).remove("status");
  }

  /**
   * Signs in, waiting in the queue as often as told; the first attempt is named {@code prefix +
   * "login"} and every retry {@code prefix + "login (queued)"}, so the retries count the queued
   * answers.
   */
  static ChainBuilder login(String prefix) {
    return exec(session -> session.set("retries", 0).remove("status"))
        .exec(loginAttempt(prefix + "login", LOGIN_BODY))
        .asLongAs(StudentChains::toldToWait)
        .on(
            pause(session -> Duration.ofSeconds(session.getInt("retryAfter"))),
            exec(StudentChains::incrementRetries),
            loginAttempt(prefix + "login (queued)", RETRY_BODY))
        .exitHereIfFailed();
  }

  /** Fails (as a KO "questionnaire") when the student never got past the waiting room. */
  static ChainBuilder questionnaire(String prefix) {
    return Recorded.request(
        prefix + "questionnaire", r -> r.get("#{questionnaire}").check(status().is(200)));
  }

  // ---- answering ----------------------------------------------------------------------------

  private static long studentId(Session session) {
    return Long.parseLong(session.getString("studentId"));
  }

  private static int grade(Session session) {
    return Integer.parseInt(session.getString("grade"));
  }

  private static char sex(Session session) {
    return session.getString("sex").charAt(0);
  }

  /** The number of pages of the session's battery, as {@code pages}. */
  static ChainBuilder countPages() {
    return exec(session -> session.set("pages", ANSWERS.pages(grade(session))));
  }

  /** Saves the draft after page {@code #{page}} (0-based), as the student page does. */
  static ChainBuilder draft() {
    return Recorded.request(
        "draft",
        r ->
            r.put("/api/student/draft")
                .header("Authorization", "Bearer #{token}")
                .body(
                    StringBody(
                        session ->
                            ANSWERS.draftBody(
                                studentId(session),
                                grade(session),
                                sex(session),
                                session.getInt("page"))))
                .asJson()
                .check(status().is(200), jsonPath("$.stale").ofBoolean().is(false)));
  }

  private static ChainBuilder submitAttempt(String name) {
    return Recorded.request(
        name,
        r ->
            r.post("/api/student/submit")
                .header("Authorization", "Bearer #{token}")
                .body(
                    StringBody(
                        session ->
                            ANSWERS.submitBody(studentId(session), grade(session), sex(session))))
                .asJson()
                .check(status().in(200, 503).saveAs("status"))
                .checkIf((response, session) -> response.status().code() == 200)
                .then(jsonPath("$.receipt").exists())
                .checkIf((response, session) -> response.status().code() == 503)
                .then(header("Retry-After").transform(Integer::valueOf).saveAs("retryAfter")));
  }

  /**
   * Submits every answer; a 503 "busy" is retried after its {@code Retry-After} with the same
   * idempotency key, as {@code submit (retry)}.
   */
  static ChainBuilder submit() {
    return exec(session -> session.set("retries", 0).remove("status"))
        .exec(submitAttempt("submit"))
        .asLongAs(StudentChains::toldToWait)
        .on(
            pause(session -> Duration.ofSeconds(session.getInt("retryAfter"))),
            exec(StudentChains::incrementRetries),
            submitAttempt("submit (retry)"))
        .exitHereIfFailed();
  }

  // ---- set-up -------------------------------------------------------------------------------

  /** What a student simulation hands to {@code setUp}: its populations and assertions. */
  record Run(List<PopulationBuilder> populations, List<Assertion> assertions) {}

  /**
   * {@code students} after the warm-up at a quarter of {@code rate}, with {@link #CONSOLES} staff
   * consoles alongside watching for the warm-up and {@code studentsTake}; the consoles' assertions
   * join {@code studentAssertions}.
   */
  static Run run(
      PopulationBuilder students,
      double rate,
      Duration studentsTake,
      List<Assertion> studentAssertions) {
    StaffWatch.Alongside staff =
        StaffWatch.Alongside.of(
            String.join(",", BASES),
            STAFF_FEEDER,
            WINDOW_ID,
            CONSOLES,
            studentsTake.plusSeconds(WARMUP_S),
            P99_MS);
    ScenarioBuilder warmUp =
        scenario("warm-up")
            .feed(StudentFeeder.circular(FEEDER))
            .exec(login("warm-up "), questionnaire("warm-up "));
    List<PopulationBuilder> populations = new ArrayList<>(staff.populations());
    populations.add(
        WARMUP_S == 0
            ? students
            : warmUp.injectOpen(constantUsersPerSec(rate / 4).during(WARMUP_S)).andThen(students));
    List<Assertion> assertions = new ArrayList<>(studentAssertions);
    assertions.addAll(staff.assertions());
    return new Run(populations, assertions);
  }

  /** The consoles' figures after the run, or nothing without consoles. */
  static String staffReport() {
    return CONSOLES > 0 ? StaffWatch.report() + "\n" : "";
  }

  // ---- timing -------------------------------------------------------------------------------

  /** When the first measured student arrived and the last one finished, in epoch milliseconds. */
  static final class Span {
    private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
    private final AtomicLong last = new AtomicLong();

    ChainBuilder arrived() {
      return exec(
          session -> {
            first.accumulateAndGet(System.currentTimeMillis(), Math::min);
            return session;
          });
    }

    ChainBuilder finished() {
      return exec(
          session -> {
            last.accumulateAndGet(System.currentTimeMillis(), Math::max);
            return session;
          });
    }

    long millis() {
      return last.get() >= first.get() ? last.get() - first.get() : -1;
    }

    /** {@code <name>_started_ms=… <name>_ended_ms=…} in epoch milliseconds, for the script. */
    String describe(String name) {
      return String.format("%s_started_ms=%d %s_ended_ms=%d", name, first.get(), name, last.get());
    }
  }
}
