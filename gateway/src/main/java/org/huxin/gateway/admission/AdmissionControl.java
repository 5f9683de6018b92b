package org.huxin.gateway.admission;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.EventStream;
import org.huxin.gateway.http.RequestBodies;

/**
 * The waiting room. Three signs of overload are watched on this node: API requests in flight (work
 * waiting on the database or the cluster), event-loop lag (the CPU cannot keep up, so requests wait
 * in socket buffers where no counter sees them) and the share of recent answers slower than a
 * target (what admitted students feel, whatever the cause). A new login that arrives while more
 * than {@code limit} requests are in flight, while the event loops lag by more than {@code maxLag},
 * or while more than a tenth of the last half second's answers to students took longer than {@code
 * target}, is not served but handed a signed queue ticket and a {@code Retry-After}. The ticket
 * keeps the student's place: a returning ticket that has waited its turn may use a reserve above
 * the limit that newcomers may not, so the queue drains in arrival order. Requests of students
 * already logged in are never held back here: only logins queue, and the writer sheds submits on
 * its own only when its queue is full.
 */
public final class AdmissionControl {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder B64D = Base64.getUrlDecoder();

  private final int limit;
  private final int reserve;
  private final byte[] key;
  private final Clock clock;
  private final long maxLagNanos;
  private final SlowShare slowShare;
  private final AtomicInteger inFlight = new AtomicInteger();
  private volatile long lagNanos;
  private final LongAdder queued = new LongAdder();
  private final SecureRandom random = new SecureRandom();
  private final ThreadLocal<Mac> mac;

  /**
   * Above this share of slow answers new logins queue; ticket holders may come in up to twice it.
   */
  static final double MAX_SLOW_SHARE = 0.1;

  /**
   * @param limit in-flight requests on this node above which new logins queue
   * @param target the answer time that more than a tenth of recent answers may not exceed
   * @param secret signs tickets; the token secret of the cluster, so any node honours a ticket
   */
  public AdmissionControl(int limit, Duration maxLag, Duration target, byte[] secret, Clock clock) {
    this(limit, maxLag, target, secret, clock, System::nanoTime);
  }

  AdmissionControl(
      int limit,
      Duration maxLag,
      Duration target,
      byte[] secret,
      Clock clock,
      LongSupplier nanoTime) {
    if (limit < 1) {
      throw new IllegalArgumentException("HUXIN_ADMISSION_LIMIT must be at least 1");
    }
    this.limit = limit;
    this.maxLagNanos = maxLag.toNanos();
    this.slowShare = new SlowShare(target, nanoTime);
    this.reserve = Math.max(1, limit / 4);
    this.key = derive(secret);
    this.clock = clock;
    this.mac =
        ThreadLocal.withInitial(
            () -> {
              try {
                Mac m = Mac.getInstance("HmacSHA256");
                m.init(new SecretKeySpec(key, "HmacSHA256"));
                return m;
              } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
              }
            });
  }

  /** Where {@link #tracker()} leaves the way to stop counting a request that becomes a stream. */
  private static final String RELEASE = EventStream.STOP_COUNTING;

  private static final String STUDENT_API = "/api/student/";

  /**
   * Counts a request while it is in flight; mount before every API route. A request with a body
   * counts from the moment its body has arrived and is read ({@link RequestBodies#validated}), not
   * from its headers: until then it is a client's slowness, not this node's work, and a few hundred
   * bodies dribbled in slowly must not hold the waiting room shut (the connection guard closes
   * them). Its answer time, for the share of slow answers, is measured from then too.
   */
  public Handler<RoutingContext> tracker() {
    return ctx -> {
      InFlight request = new InFlight();
      ctx.put(RELEASE, (Runnable) request::release);
      ctx.addEndHandler(
          v -> {
            if (ctx.request().isEnded()) {
              // Answered without reading a contract body (or refused before): counted from now,
              // an answer of no measurable wait.
              request.begin();
            }
            // Students' answers only: a staff import may rightly take seconds. A stream released
            // itself when it opened, and a queue ticket is no one's wait.
            if (request.counting()
                && ctx.response().getStatusCode() != 503
                && ctx.request().path().startsWith(STUDENT_API)) {
              answered(System.nanoTime() - request.started);
            }
            request.release();
          });
      if (ctx.request().isEnded()) {
        request.begin();
      } else {
        // Not the request's end() future: listening to it ahead of the BodyHandler left requests
        // unanswered now and then. The handler that reads the body tells instead.
        ctx.put(RequestBodies.ARRIVED, (Runnable) request::begin);
      }
      ctx.next();
    };
  }

  /**
   * One request's place in the count: begun once its body arrived, released once answered or
   * streaming; a release before the body arrived means it never counts. On its event loop only.
   */
  private final class InFlight {
    long started = -1;
    boolean released;

    void begin() {
      if (started < 0 && !released) {
        started = System.nanoTime();
        inFlight.incrementAndGet();
      }
    }

    boolean counting() {
      return started >= 0 && !released;
    }

    void release() {
      if (!released) {
        released = true;
        if (started >= 0) {
          inFlight.decrementAndGet();
        }
      }
    }
  }

  /** Counts an answer that took {@code nanos} towards the share of slow answers. */
  void answered(long nanos) {
    slowShare.record(nanos);
  }

  /**
   * Records how late an event loop ran a timer. The worst recent lag decays by a tenth per sample,
   * so one slow tick does not hold the door shut.
   */
  public void recordLag(long nanos) {
    long decayed = lagNanos - lagNanos / 10;
    lagNanos = Math.max(nanos, decayed);
  }

  /** The share of the last half second's answers slower than the target (0 to 1). */
  public double slowShare() {
    return slowShare.share();
  }

  /** The worst recent event-loop lag, in milliseconds. */
  public long lagMillis() {
    return lagNanos / 1_000_000;
  }

  /**
   * Admits a login or throws the 503 that queues it.
   *
   * @param ticket the ticket the client was given last time, or null
   */
  public void admitLogin(String ticket) {
    int now = inFlight.get();
    long lag = lagNanos;
    double slow = slowShare.share();
    if (now <= limit && lag <= maxLagNanos && slow <= MAX_SLOW_SHARE) {
      return;
    }
    long issued = issuedAt(ticket);
    long waited = issued < 0 ? -1 : clock.millis() - issued;
    if (waited >= 1000
        && now <= limit + reserve
        && lag <= maxLagNanos + maxLagNanos / 2
        && slow <= 2 * MAX_SLOW_SHARE) {
      return;
    }
    queued.increment();
    double overload =
        Math.max(
            Math.max((now - limit) / (double) limit, (lag - maxLagNanos) / (double) maxLagNanos),
            (slow - MAX_SLOW_SHARE) / MAX_SLOW_SHARE);
    int retryAfter = (int) Math.min(30, 1 + Math.round(overload * 4)) + jitter();
    String next = ticket(issued < 0 ? clock.millis() : issued);
    throw new ApiException(
        503,
        "queued",
        "Many students are logging in right now. You are in line; this page tries again by itself.",
        new JsonObject().put("ticket", next).put("retryAfter", retryAfter),
        retryAfter);
  }

  public int inFlight() {
    return inFlight.get();
  }

  /** Logins turned away into the queue since start. */
  public long queued() {
    return queued.sum();
  }

  public int limit() {
    return limit;
  }

  private static int jitter() {
    return ThreadLocalRandom.current().nextInt(2);
  }

  private String ticket(long issuedMillis) {
    byte[] body = ByteBuffer.allocate(16).putLong(issuedMillis).putLong(random.nextLong()).array();
    return B64.encodeToString(body) + "." + B64.encodeToString(sign(body));
  }

  /** The issue time of a valid ticket, or -1 for none, a forged one or one from the future. */
  private long issuedAt(String ticket) {
    if (ticket == null || ticket.length() > 64) {
      return -1;
    }
    int dot = ticket.indexOf('.');
    if (dot < 0) {
      return -1;
    }
    try {
      byte[] body = B64D.decode(ticket.substring(0, dot));
      byte[] sig = B64D.decode(ticket.substring(dot + 1));
      if (body.length != 16 || !MessageDigest.isEqual(sig, sign(body))) {
        return -1;
      }
      long issued = ByteBuffer.wrap(body).getLong();
      long age = clock.millis() - issued;
      return age < 0 || age > 3_600_000 ? -1 : issued;
    } catch (IllegalArgumentException malformed) {
      return -1;
    }
  }

  private byte[] sign(byte[] body) {
    return Arrays.copyOf(mac.get().doFinal(body), 16);
  }

  private static byte[] derive(byte[] secret) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      return m.doFinal("huxin queue tickets".getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
