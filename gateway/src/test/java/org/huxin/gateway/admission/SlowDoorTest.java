package org.huxin.gateway.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.huxin.gateway.http.ApiException;
import org.junit.jupiter.api.Test;

/**
 * The waiting room's third sign: when more than a tenth of a node's last half second of answers
 * took longer than the target, new logins queue, even with few requests in flight and no lag.
 */
class SlowDoorTest {
  private static final Duration TARGET = Duration.ofMillis(250);
  private static final long SLOW = Duration.ofMillis(300).toNanos();
  private static final long QUICK = Duration.ofMillis(20).toNanos();
  private static final byte[] SECRET =
      "a secret of at least thirty-two bytes".getBytes(StandardCharsets.US_ASCII);

  private final AtomicLong nanos = new AtomicLong(1_000_000_000_000L);
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-23T08:00:00Z"), ZoneOffset.UTC);

  private AdmissionControl door(Clock c) {
    return new AdmissionControl(512, Duration.ofSeconds(1), TARGET, SECRET, c, nanos::get);
  }

  private static void answer(AdmissionControl door, int quick, int slow) {
    for (int i = 0; i < quick; i++) {
      door.answered(QUICK);
    }
    for (int i = 0; i < slow; i++) {
      door.answered(SLOW);
    }
  }

  @Test
  void slowAnswers_queueNewLogins_andTheDoorReopensOnceTheyStop() {
    AdmissionControl door = door(clock);
    door.admitLogin(null);

    answer(door, 17, 3);
    ApiException queued = assertThrows(ApiException.class, () -> door.admitLogin(null));
    assertEquals(503, queued.status());
    assertEquals("queued", queued.code());
    assertEquals(1, door.queued());

    nanos.addAndGet(Duration.ofMillis(600).toNanos());
    assertEquals(0.0, door.slowShare());
    door.admitLogin(null);
  }

  @Test
  void aTenthSlowOrLess_keepsTheDoorOpen() {
    AdmissionControl door = door(clock);
    answer(door, 18, 2);
    assertEquals(0.1, door.slowShare(), 1e-9);
    door.admitLogin(null);
  }

  @Test
  void aFewSlowAnswers_areNoTrend() {
    AdmissionControl door = door(clock);
    answer(door, 0, SlowShare.MIN_ANSWERS - 1);
    assertEquals(0.0, door.slowShare());
    door.admitLogin(null);
  }

  @Test
  void answersOfThePreviousSlice_stillCount_olderOnesDoNot() {
    AdmissionControl door = door(clock);
    answer(door, 0, 10);
    nanos.addAndGet(SlowShare.SLICE.toNanos());
    answer(door, 10, 0);
    assertEquals(0.5, door.slowShare(), 1e-9);
    nanos.addAndGet(SlowShare.SLICE.toNanos());
    answer(door, 10, 0);
    assertEquals(0.0, door.slowShare());
  }

  @Test
  void aTicketThatWaitedItsTurn_mayComeInUpToTwiceTheShare() {
    Clock issuing = clock;
    AdmissionControl first = door(issuing);
    answer(first, 8, 3);
    String ticket = ticketOf(assertThrows(ApiException.class, () -> first.admitLogin(null)));

    Clock later = Clock.offset(clock, Duration.ofSeconds(2));
    AdmissionControl door = door(later);
    answer(door, 16, 4);
    assertThrows(ApiException.class, () -> door.admitLogin(null), "a newcomer waits");
    door.admitLogin(ticket);

    answer(door, 0, 10);
    assertThrows(ApiException.class, () -> door.admitLogin(ticket), "over twice the share");
  }

  /** Within one slice the share is exactly the slow answers over all answers, given enough. */
  @Property(tries = 300)
  void share_isTheSlowFraction(
      @ForAll @Size(max = 200) List<@LongRange(min = 0, max = 2_000_000_000L) Long> d) {
    AdmissionControl door = door(clock);
    d.forEach(door::answered);
    long slow = d.stream().filter(n -> n > TARGET.toNanos()).count();
    double expected = d.size() < SlowShare.MIN_ANSWERS ? 0 : (double) slow / d.size();
    assertEquals(expected, door.slowShare(), 1e-9);
  }

  private static String ticketOf(ApiException e) {
    JsonObject body = e.body();
    String ticket = body.getString("ticket");
    if (ticket == null) {
      throw new AssertionError("no ticket in " + body.encode());
    }
    return ticket;
  }
}
