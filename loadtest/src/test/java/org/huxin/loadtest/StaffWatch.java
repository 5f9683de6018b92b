package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.*;

import io.gatling.http.action.sse.SseInboundMessage;
import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.stream.IntStream;

/**
 * Staff consoles watching a screening storm: {@code consoles} staff members from the feeder of
 * {@link StaffAccounts} sign in, spread over {@code arrivalSeconds}, and then for {@code
 * watchSeconds} each does what an open console does: the shell's {@code /api/staff/me} and the
 * window list, the live progress stream of the window (held open, as progress.js does), the pending
 * alerts and the crisis feed (held open, as alerts.js does; a console with both sections open in
 * two tabs). Every {@code pollSeconds} each console also fetches the progress tree and the pending
 * alerts, as progress.js falls back to when its stream drops and as a refresh does; 0 leaves only
 * the streams. At the end both streams are closed.
 *
 * <p>Every request is named {@code staff ...} so that a rehearsal running this beside a student
 * storm can tell the figures apart. The staff traffic leaves from its own source addresses
 * 127.0.2.1 … 127.0.2.{@code staffSources}, away from the students' 127.0.1.x. The events the
 * streams deliver are counted and printed by {@link #report()}.
 *
 * <p>Beside another simulation: {@code setUp(storm, StaffWatch.population(base, feeder, window,
 * 200, Duration.ofSeconds(120)))}; the population carries its own protocol. Alone:
 *
 * <pre>
 * mvn -pl loadtest gatling:test -Dgatling.simulationClass=org.huxin.loadtest.StaffWatch \
 *     -Dbase=http://127.0.0.1:8080 -DstaffFeeder=/abs/staff.csv -DwindowId=1 -Dconsoles=200 \
 *     -DwatchSeconds=60
 * </pre>
 */
public final class StaffWatch extends Simulation {

  // ---- parameters (-D) ----------------------------------------------------------------------

  /** The gateway node(s), comma-separated. */
  private static final String BASE = System.getProperty("base", "http://127.0.0.1:8080");

  private static final String FEEDER =
      System.getProperty("staffFeeder", "target/rehearsal/latest/staff.csv");
  private static final long WINDOW_ID = Long.getLong("windowId", 1L);
  private static final int CONSOLES = Integer.getInteger("consoles", 200);
  private static final int WATCH_S = Integer.getInteger("watchSeconds", 60);
  private static final int ARRIVAL_S = Integer.getInteger("arrivalSeconds", 15);
  private static final int POLL_S = Integer.getInteger("pollSeconds", 5);

  /** Upper bound on the p99 of the progress-tree and alert-list requests, in milliseconds. */
  private static final int P99_MS = Integer.getInteger("staffP99ms", 1000);

  /** Client source addresses 127.0.2.1 … 127.0.2.{@code staffSources}. */
  private static final int SOURCES = Integer.getInteger("staffSources", 10);

  /** How long the consoles of {@link #population(String, String, long, int, Duration)} arrive. */
  public static final Duration ARRIVALS = Duration.ofSeconds(15);

  /** How often those consoles poll the tree and the alerts. */
  public static final Duration POLL = Duration.ofSeconds(5);

  /** Seconds a console waits for the first tree on its progress stream. */
  private static final Duration FIRST_TREE = Duration.ofSeconds(10);

  // ---- protocol -----------------------------------------------------------------------------

  /**
   * The staff consoles' protocol on {@code base}, one URL or several separated by commas (one per
   * gateway node; Gatling gives each console one of them): their own source addresses (127.0.2.x,
   * how many from {@code -DstaffSources}) and a buffer for stream events, which the chain drains to
   * count them. Each console keeps its own connections, as a browser does.
   */
  public static HttpProtocolBuilder protocol(String base) {
    List<String> bases = Arrays.stream(base.split(",")).map(String::trim).toList();
    List<String> sources =
        IntStream.rangeClosed(1, Math.min(254, Math.max(1, SOURCES)))
            .mapToObj(i -> "127.0.2." + i)
            .toList();
    return http.baseUrls(bases)
        .acceptHeader("application/json")
        .userAgentHeader("huxin-rehearsal-staff")
        .localAddresses(sources)
        .sseUnmatchedInboundMessageBufferSize(1000)
        .disableWarmUp();
  }

  // ---- chains -------------------------------------------------------------------------------

  private static final String LOGIN_BODY =
      """
      {"username":"#{username}","password":"#{password}"}""";

  private static final String PROGRESS = "progress";
  private static final String ALERTS = "alerts";

  private static final LongAdder TREE_EVENTS = new LongAdder();
  private static final LongAdder ALERT_EVENTS = new LongAdder();

  /** Signs in (the session cookie goes to Gatling's cookie jar), then loads the console shell. */
  private static final ChainBuilder SIGN_IN =
      exec(Recorded.request(
              "staff login",
              r ->
                  r.post("/api/staff/login")
                      .body(StringBody(LOGIN_BODY))
                      .asJson()
                      .check(status().is(200), jsonPath("$.role").isEL("#{role}"))))
          .exitHereIfFailed()
          .exec(
              Recorded.request("staff me", r -> r.get("/api/staff/me").check(status().is(200))),
              Recorded.request(
                  "staff windows", r -> r.get("/api/staff/windows").check(status().is(200))));

  /**
   * Opens the progress stream of the window and waits for the tree it sends at once; recorded as
   * one action (from the request to the first tree) under both names.
   */
  private static ChainBuilder openProgress(long windowId) {
    return Recorded.action(
        List.of("staff progress stream", "staff progress first tree"),
        sse("staff progress stream", PROGRESS)
            .get("/api/staff/windows/" + windowId + "/progress/stream")
            .await(FIRST_TREE)
            .on(
                sse.checkMessage("staff progress first tree")
                    .check(
                        jsonPath("$.event").is("tree"),
                        jsonPath("$.data.windowId").ofLong().is(windowId))));
  }

  /** Loads the pending alerts, then opens the crisis feed (its first bytes are a comment). */
  private static final ChainBuilder OPEN_ALERTS =
      exec(
          Recorded.request("staff alerts", r -> r.get("/api/staff/alerts").check(status().is(200))),
          Recorded.action(
              List.of("staff alerts stream"),
              sse("staff alerts stream", ALERTS).get("/api/staff/alerts/stream")));

  /** What a console re-fetches when its stream drops or it is refreshed. */
  private static ChainBuilder pollOnce(long windowId) {
    return exec(
        Recorded.request(
            "staff progress tree",
            r ->
                r.get("/api/staff/windows/" + windowId + "/progress/tree")
                    .check(status().is(200), jsonPath("$.windowId").ofLong().is(windowId))),
        Recorded.request("staff alerts", r -> r.get("/api/staff/alerts").check(status().is(200))));
  }

  /** Counts the events a stream delivered since the last drain. */
  private static BiFunction<List<SseInboundMessage>, Session, Session> count(LongAdder events) {
    return (messages, session) -> {
      events.add(messages.size());
      return session;
    };
  }

  private static final ChainBuilder DRAIN =
      exec(
          sse.processUnmatchedMessages(PROGRESS, count(TREE_EVENTS)),
          sse.processUnmatchedMessages(ALERTS, count(ALERT_EVENTS)));

  /**
   * Watches for {@code watch}, waking every {@code poll} (or {@link #POLL} when not polling) to
   * count what the streams delivered and, when polling, to re-fetch the tree and the alerts.
   */
  private static ChainBuilder watch(long windowId, Duration watch, Duration poll) {
    ChainBuilder each =
        poll.isZero() ? exec(pause(POLL), DRAIN) : exec(pause(poll), pollOnce(windowId), DRAIN);
    return during(watch).on(each);
  }

  private static final ChainBuilder CLOSE =
      exec(
          Recorded.action(
              List.of("staff progress close"), sse("staff progress close", PROGRESS).close()),
          Recorded.action(
              List.of("staff alerts close"), sse("staff alerts close", ALERTS).close()));

  // ---- scenario -----------------------------------------------------------------------------

  /**
   * One console per user: signs in with the next row of {@code staffFeeder} (circular, so consoles
   * may outnumber accounts, like a second tab), opens both streams on window {@code windowId},
   * watches for {@code watch}, polling every {@code poll} ({@link Duration#ZERO} for streams only),
   * and closes the streams. Needs {@link #protocol(String)}.
   */
  public static ScenarioBuilder consoleScenario(
      String staffFeeder, long windowId, Duration watch, Duration poll) {
    if (watch.isNegative() || poll.isNegative()) {
      throw new IllegalArgumentException("watch " + watch + " and poll " + poll + " must be >= 0");
    }
    return scenario("staff watch")
        .feed(csv(staffFeeder).circular())
        .exec(SIGN_IN, openProgress(windowId), OPEN_ALERTS, watch(windowId, watch, poll), CLOSE);
  }

  /**
   * {@code consoles} consoles arriving evenly over {@code arrivals}, each watching for {@code
   * watch} after it signed in, with {@link #protocol(String) their own protocol} on {@code base}.
   */
  public static PopulationBuilder population(
      String base,
      String staffFeeder,
      long windowId,
      int consoles,
      Duration arrivals,
      Duration watch,
      Duration poll) {
    if (consoles < 1) {
      throw new IllegalArgumentException("consoles must be at least 1, got " + consoles);
    }
    return consoleScenario(staffFeeder, windowId, watch, poll)
        .injectOpen(rampUsers(consoles).during(arrivals))
        .protocols(protocol(base));
  }

  /** As above, arriving over {@link #ARRIVALS} and polling every {@link #POLL}. */
  public static PopulationBuilder population(
      String base, String staffFeeder, long windowId, int consoles, Duration watch) {
    return population(base, staffFeeder, windowId, consoles, ARRIVALS, watch, POLL);
  }

  /** One line for scripts: how many events the consoles' streams delivered so far. */
  public static String report() {
    return "STAFF tree_events=" + TREE_EVENTS.sum() + " alert_events=" + ALERT_EVENTS.sum();
  }

  /**
   * The consoles a student simulation runs beside its students: {@code consoles} signing in over 30
   * s and watching for {@code watch}, with their assertions; nothing when {@code consoles} is 0.
   */
  public record Alongside(List<PopulationBuilder> populations, List<Assertion> assertions) {
    public static Alongside of(
        String base, String staffFeeder, long windowId, int consoles, Duration watch, int p99Ms) {
      if (consoles == 0) {
        return new Alongside(List.of(), List.of());
      }
      return new Alongside(
          List.of(
              population(
                  base, staffFeeder, windowId, consoles, Duration.ofSeconds(30), watch, POLL)),
          StaffWatch.assertions(p99Ms, true));
    }
  }

  // ---- assertions ---------------------------------------------------------------------------

  /** The name of every request and stream check this simulation makes. */
  public static final List<String> REQUESTS =
      List.of(
          "staff login",
          "staff me",
          "staff windows",
          "staff progress stream",
          "staff progress first tree",
          "staff alerts",
          "staff alerts stream",
          "staff progress tree",
          "staff progress close",
          "staff alerts close");

  /**
   * No failed staff request, and the p99 of the tree and alert-list requests under {@code p99Ms}
   * (with {@code polled} false, only the alert list: the tree is then only streamed).
   */
  public static List<Assertion> assertions(int p99Ms, boolean polled) {
    List<Assertion> assertions = new ArrayList<>();
    for (String name : REQUESTS) {
      if (polled || !name.equals("staff progress tree")) {
        assertions.add(details(name).failedRequests().count().is(0L));
      }
    }
    if (polled) {
      assertions.add(details("staff progress tree").responseTime().percentile(99.0).lt(p99Ms));
    }
    assertions.add(details("staff alerts").responseTime().percentile(99.0).lt(p99Ms));
    return assertions;
  }

  // ---- set-up -------------------------------------------------------------------------------

  {
    setUp(
            population(
                BASE,
                FEEDER,
                WINDOW_ID,
                CONSOLES,
                Duration.ofSeconds(ARRIVAL_S),
                Duration.ofSeconds(WATCH_S),
                Duration.ofSeconds(POLL_S)))
        .assertions(assertions(P99_MS, POLL_S > 0));
  }

  @Override
  public void after() {
    System.out.println(report() + " consoles=" + CONSOLES + " watch_s=" + WATCH_S);
    Recorded.write();
  }
}
