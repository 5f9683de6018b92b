package org.huxin.loadtest;

import static io.gatling.javaapi.core.CoreDsl.*;
import static io.gatling.javaapi.http.HttpDsl.http;

import io.gatling.javaapi.core.ActionBuilder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.Http;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.huxin.loadtest.summary.Progress;
import org.huxin.loadtest.summary.RequestRecorder;

/**
 * The simulations' own record of their requests, for {@code summary.json}: every request the
 * rehearsal simulations send goes through {@link #request(String, Function)} (or {@link
 * #action(List, ActionBuilder)} for the staff streams), which records its name, response time and
 * outcome into one {@link RequestRecorder}; {@link #write()} puts the figures in {@code -DrecordTo}
 * (default {@code target/rehearsal/latest}) as {@code requests.json} at the end of the run.
 *
 * <p>The time of an HTTP request is Gatling's own ({@code responseTimeInMillis}); when it has none
 * (no response, or a check before it failed) and for the streams, whose connect and first message
 * the DSL does not time apart, it is the wall-clock time of the action. A request is ko when it
 * failed the session: the wrapper clears the session's failed flag before the request, reads it
 * after and puts back what was there, so {@code exitHereIfFailed} sees what it always saw.
 */
final class Recorded {

  static final RequestRecorder REQUESTS = new RequestRecorder();

  private static final Path RECORD_TO =
      Path.of(System.getProperty("recordTo", "target/rehearsal/latest"));

  private static final String STARTED = "recorded.started";
  private static final String MILLIS = "recorded.millis";
  private static final String WAS_FAILED = "recorded.wasFailed";

  private Recorded() {}

  /** The HTTP request {@code build} makes of {@code http(name)}, recorded under {@code name}. */
  static ChainBuilder request(String name, Function<Http, HttpRequestActionBuilder> build) {
    return action(
        List.of(name), build.apply(http(name)).check(responseTimeInMillis().saveAs(MILLIS)));
  }

  /** {@code action}, recorded once under each of {@code names} with its wall-clock time. */
  static ChainBuilder action(List<String> names, ActionBuilder action) {
    return exec(Recorded::before).exec(action).exec(session -> after(names, session));
  }

  private static Session before(Session session) {
    return session
        .set(STARTED, System.currentTimeMillis())
        .set(WAS_FAILED, session.isFailed())
        .remove(MILLIS)
        .markAsSucceeded();
  }

  private static Session after(List<String> names, Session session) {
    long millis =
        session.contains(MILLIS)
            ? ((Number) session.get(MILLIS)).longValue()
            : System.currentTimeMillis() - session.getLong(STARTED);
    boolean ok = !session.isFailed();
    for (String name : names) {
      REQUESTS.record(name, millis, ok);
    }
    boolean wasFailed = session.getBoolean(WAS_FAILED);
    Session cleared = session.remove(STARTED).remove(MILLIS).remove(WAS_FAILED);
    return wasFailed ? cleared.markAsFailed() : cleared;
  }

  /**
   * Prints a {@link Progress} line every {@code -DprogressS} seconds (10 by default, 0 for none)
   * from now until the JVM ends, on a daemon thread; the rehearsal scripts show those lines as they
   * come.
   */
  static void printProgress() {
    long every = Long.getLong("progressS", 10);
    if (every <= 0) {
      return;
    }
    Progress progress = new Progress(REQUESTS, System.nanoTime());
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "huxin-progress");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleAtFixedRate(
        () -> System.out.println(progress.line(System.nanoTime())), every, every, TimeUnit.SECONDS);
  }

  /** Writes the figures to {@code requests.json} in {@code -DrecordTo}; prints where. */
  static void write() {
    try {
      Files.createDirectories(RECORD_TO);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    Path file = RECORD_TO.resolve("requests.json");
    REQUESTS.write(file);
    System.out.println("REQUESTS " + file.toAbsolutePath());
  }
}
