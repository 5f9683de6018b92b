package org.huxin.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.Http;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.Eventually;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live crisis stream: a crisis reaches the open consoles whose scope holds the student's
 * school, and only those; a console that closes its stream leaves the feed.
 */
@DatabaseTest
class AlertStreamTest {
  /** How soon after the submit's 200 a console in scope must have the crisis. */
  private static final Duration LIVE_WITHIN = Duration.ofSeconds(5);

  private static GatewayFixture gw;

  @BeforeAll
  static void start() {
    gw = GatewayFixture.start(AlertStreamTest.class);
  }

  @AfterAll
  static void stop() {
    gw.close();
  }

  @Test
  void stream_crisisAtIdsAbove127_reachesItsSchoolAndDistrictNotAnotherSchool() throws Exception {
    RosterEntry student = gw.studentA();
    assertTrue(student.schoolId() > 127, "school id " + student.schoolId() + " is a real city's");
    assertTrue(student.districtId() > 127, "district id " + student.districtId());
    BlockingQueue<String> psychologist = openFeed("psy");
    BlockingQueue<String> district = openFeed("district");
    BlockingQueue<String> otherSchool = openFeed("psy-b");

    gw.submitCrisis(student);
    long deadline = System.nanoTime() + LIVE_WITHIN.toNanos();

    JsonObject toSchool = awaitDelivery(psychologist, student, deadline);
    JsonObject toDistrict = awaitDelivery(district, student, deadline);
    assertEquals(toSchool.getLong("alertId"), toDistrict.getLong("alertId"));
    assertEquals(student.schoolId(), toSchool.getLong("schoolId"));
    assertEquals(student.districtId(), toSchool.getLong("districtId"));
    // Every console's stream is written in the same dispatch: psy-b's would be on its way by now.
    for (String line; (line = otherSchool.poll(1, TimeUnit.SECONDS)) != null; ) {
      assertTrue(
          !line.startsWith("data: ")
              || new JsonObject(line.substring(6)).getLong("studentId") != student.id(),
          "another school's psychologist got the crisis: " + line);
    }
  }

  /** Signs {@code username} in and opens their crisis stream, returning once it greeted. */
  private static BlockingQueue<String> openFeed(String username) throws InterruptedException {
    BlockingQueue<String> lines = gw.staffSession(username).lines("/api/staff/alerts/stream");
    assertEquals(
        ": huxin crisis feed", lines.poll(30, TimeUnit.SECONDS), username + "'s stream opened");
    return lines;
  }

  /**
   * The first live {@code delivery} event about {@code student} on {@code lines}, failing if none
   * came by {@code deadline} ({@link System#nanoTime}).
   */
  private static JsonObject awaitDelivery(
      BlockingQueue<String> lines, RosterEntry student, long deadline) throws InterruptedException {
    for (long left = deadline - System.nanoTime(); left > 0; left = deadline - System.nanoTime()) {
      String line = lines.poll(left, TimeUnit.NANOSECONDS);
      if (line != null && line.startsWith("data: ")) {
        JsonObject event = new JsonObject(line.substring(6));
        if (event.getString("kind").equals("delivery")
            && Long.valueOf(student.id()).equals(event.getLong("studentId"))) {
          return event;
        }
      }
    }
    return fail("no live delivery for student " + student.id() + " within " + LIVE_WITHIN);
  }

  @Test
  void stream_closedByTheConsole_leavesTheFeed() throws Exception {
    Http console = gw.staffSession("city");
    AlertFeed feed = gw.app.services().feed();
    int before = feed.openStreams();
    try (Socket socket = new Socket("127.0.0.1", gw.app.port())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /api/staff/alerts/stream HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: "
                  + console.cookieHeader()
                  + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      boolean greeted = false;
      while (!greeted && (line = in.readLine()) != null) {
        greeted = line.contains(": huxin crisis feed");
      }
      assertTrue(greeted, "the stream opened");
      // The node joins the stream to the feed just after writing the greeting.
      Eventually.await(
          "the stream joining the feed",
          Duration.ofSeconds(5),
          () -> feed.openStreams() >= before + 1);
      assertEquals(before + 1, feed.openStreams());
    }
    Eventually.await(
        "the closed stream leaving the feed",
        Duration.ofSeconds(10),
        () -> feed.openStreams() <= before);
    assertEquals(before, feed.openStreams(), "the closed stream left the feed");
  }
}
