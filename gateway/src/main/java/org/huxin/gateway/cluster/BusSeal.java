package org.huxin.gateway.cluster;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryContext;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.huxin.engine.store.NameCipher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates every event-bus message between gateway nodes, whatever its address.
 *
 * <p>Hazelcast open source has no member authentication, so anyone who reaches the cluster port
 * with the cluster name can join and send on the event bus. An outbound interceptor stamps each
 * message with {@code huxin-ts} (the sender's wall clock, epoch milliseconds) and {@code
 * huxin-tag}, HMAC-SHA256 under a key derived from the data key over the address, the timestamp and
 * the body. An inbound interceptor drops (and counts, by {@link Rejection}) a message whose tag is
 * missing or wrong, or whose timestamp is more than {@link #MAX_SKEW} from this node's clock;
 * nothing that registers a consumer has to do anything. The nodes' clocks must agree within that
 * minute (NTP). A crisis alert dropped here is not lost: it stays pending in the database, the
 * consoles re-read the pending list periodically and on every reconnect, and the phone channels do
 * not ride the event bus.
 *
 * <p>While the data key is being rotated, a node with a retired key also tags with it ({@code
 * huxin-tag-old}) and accepts either key, so nodes restarted one by one keep hearing each other.
 *
 * <p>What it does not do: bodies travel in clear, so a foreign member that subscribes to an address
 * reads what is published there (alert events carry ids and levels, never names or answers), and
 * can replay a message it heard within the minute. Bodies are JSON, strings, buffers or scalars;
 * the tag covers their JSON or text form.
 */
public final class BusSeal {
  /** How far a message's timestamp may be from the receiver's clock. */
  public static final Duration MAX_SKEW = Duration.ofSeconds(60);

  static final String TIMESTAMP = "huxin-ts";
  static final String TAG = "huxin-tag";
  static final String TAG_OLD = "huxin-tag-old";
  private static final String LABEL = "cluster/event-bus";

  private static final Logger LOG = LoggerFactory.getLogger(BusSeal.class);

  private final SecretKeySpec key;
  private final SecretKeySpec retired;
  private final Clock clock;
  private final Consumer<Rejection> rejected;
  private final AtomicLong rejections = new AtomicLong();

  /**
   * A seal under the event-bus key of {@code keys}.
   *
   * @param clock the wall clock the timestamps are written and checked with
   * @param rejected called once for every message dropped, with why
   */
  public BusSeal(NameCipher keys, Clock clock, Consumer<Rejection> rejected) {
    this.key = macKey(keys.derive(LABEL));
    byte[] old = keys.deriveRetired(LABEL);
    this.retired = old == null ? null : macKey(old);
    this.clock = Objects.requireNonNull(clock, "clock");
    this.rejected = Objects.requireNonNull(rejected, "rejected");
  }

  /** Seals what {@code bus} sends and drops what arrives unsealed. Call before any consumer. */
  public void install(EventBus bus) {
    bus.addOutboundInterceptor(outbound());
    bus.addInboundInterceptor(inbound());
  }

  /** How many messages this seal dropped. */
  public long rejections() {
    return rejections.get();
  }

  <T> Handler<DeliveryContext<T>> outbound() {
    return ctx -> {
      // The context's body() is what was sent; the message's is null on the sending side.
      stamp(ctx.message().headers(), ctx.message().address(), ctx.body());
      ctx.next();
    };
  }

  /** Sets the timestamp and tag headers of a message of {@code body} to {@code address}. */
  void stamp(MultiMap headers, String address, Object body) {
    String ts = Long.toString(clock.millis());
    byte[] canonical = canonical(body);
    headers.set(TIMESTAMP, ts);
    headers.set(TAG, tag(key, address, ts, canonical));
    if (retired != null) {
      headers.set(TAG_OLD, tag(retired, address, ts, canonical));
    }
  }

  <T> Handler<DeliveryContext<T>> inbound() {
    return ctx -> {
      // The message's body(), not the context's: that one is not yet decoded off the wire.
      MultiMap headers = ctx.message().headers();
      Rejection reason = check(ctx.message().address(), headers, ctx.message().body());
      if (reason == null) {
        ctx.next();
        return;
      }
      rejected.accept(reason);
      long n = rejections.incrementAndGet();
      if (Long.bitCount(n) == 1) { // the 1st, 2nd, 4th, 8th... so a flood cannot flood the log
        LOG.warn(
            "dropped an event-bus message on '{}': {}{} ({} dropped so far)",
            ctx.message().address(),
            reason.tag(),
            reason == Rejection.STALE
                ? ", sent " + (clock.millis() - Long.parseLong(headers.get(TIMESTAMP))) + " ms ago"
                : "",
            n);
      }
    };
  }

  /** Why a message was dropped; {@link #tag()} is the metric's {@code reason}. */
  public enum Rejection {
    /** No tag or timestamp: not sent by a gateway node. */
    UNTAGGED("untagged"),
    /** A tag that is not this cluster's for this address, time and body: forged or altered. */
    FORGED("forged"),
    /**
     * A right tag more than {@link #MAX_SKEW} from this node's clock: a replay, or two nodes'
     * clocks that disagree (fix NTP: until then their live events wait for the consoles' re-read).
     */
    STALE("stale");

    private final String tag;

    Rejection(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** Null when the message is sealed by a node of this cluster within the minute, else why not. */
  Rejection check(String address, MultiMap headers, Object body) {
    String ts = headers.get(TIMESTAMP);
    String tag = headers.get(TAG);
    if (ts == null || tag == null) {
      return Rejection.UNTAGGED;
    }
    long sent;
    try {
      sent = Long.parseLong(ts);
    } catch (NumberFormatException e) {
      return Rejection.UNTAGGED;
    }
    byte[] canonical = canonical(body);
    boolean sealed = false;
    for (String given : new String[] {tag, headers.get(TAG_OLD)}) {
      if (given != null
          && (matches(key, address, ts, canonical, given)
              || (retired != null && matches(retired, address, ts, canonical, given)))) {
        sealed = true;
      }
    }
    if (!sealed) {
      return Rejection.FORGED;
    }
    return Math.abs(clock.millis() - sent) > MAX_SKEW.toMillis() ? Rejection.STALE : null;
  }

  private static boolean matches(
      SecretKeySpec key, String address, String ts, byte[] body, String given) {
    byte[] expected = tag(key, address, ts, body).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, given.getBytes(StandardCharsets.US_ASCII));
  }

  static String tag(SecretKeySpec key, String address, String ts, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      mac.update(address.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) 0);
      mac.update(ts.getBytes(StandardCharsets.US_ASCII));
      mac.update((byte) 0);
      return Base64.getEncoder().withoutPadding().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  /** The bytes a body's tag covers: the same on the sender and after the wire. */
  static byte[] canonical(Object body) {
    if (body == null) {
      return new byte[0];
    }
    if (body instanceof JsonObject json) {
      return json.encode().getBytes(StandardCharsets.UTF_8);
    }
    if (body instanceof JsonArray json) {
      return json.encode().getBytes(StandardCharsets.UTF_8);
    }
    if (body instanceof Buffer buffer) {
      return buffer.getBytes();
    }
    if (body instanceof byte[] bytes) {
      return bytes;
    }
    return (body.getClass().getSimpleName() + ":" + body).getBytes(StandardCharsets.UTF_8);
  }

  private static SecretKeySpec macKey(byte[] bytes) {
    return new SecretKeySpec(bytes, "HmacSHA256");
  }
}
