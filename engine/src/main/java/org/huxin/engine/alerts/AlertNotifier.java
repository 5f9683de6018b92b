package org.huxin.engine.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the phone messages the relay and the escalator owe ({@code alert_notification}) to the
 * WeCom and DingTalk group robots and SMS gateways of schools and districts. One runs on every
 * gateway node.
 *
 * <h2>Implementation notes</h2>
 *
 * <ol>
 *   <li><b>At least once, across nodes.</b> A pass leases due notifications in one committed
 *       statement ({@link AlertNotificationStore#claim}: {@code lease_until = now + lease}, a fresh
 *       token, {@code FOR UPDATE SKIP LOCKED}), sends with no transaction open, and marks only rows
 *       that still carry its token. A node that dies or hangs mid-send holds no lock: its lease
 *       lapses and any notifier sends the rows again. A message can therefore arrive twice; it is
 *       never lost. The lease must outlast a send ({@link NotifierConfig}).
 *   <li><b>A dead node's messages go out in seconds, not after its lease.</b> Leases carry the
 *       node's name; the gateway tells every notifier left when a node leaves the cluster ({@link
 *       #nodeLeft}), and a notifier gives back its own node's leases when it starts, so a node
 *       killed mid-send, or restarted by its supervisor, holds its rows back for no longer than
 *       that.
 *   <li><b>One message per channel per pass.</b> A channel with anything due has all its unsent
 *       notifications leased together and gets one message that sums them up by school with every
 *       alert id ({@link ChannelMessages}); robots take about 20 messages a minute. What does not
 *       fit in one message (2048 bytes for WeCom) is released at once and goes in the next pass.
 *       Channels are sent to in parallel, each bounded by the connect and request timeouts, so a
 *       slow robot delays no other.
 *   <li><b>Never give up.</b> A refused or unanswered send marks the channel's rows failing with
 *       the error (short, no URL, key or secret) and a retry time that doubles from {@code
 *       firstBackoff} up to {@code maxBackoff} with the rows' attempts; the channel shows failing
 *       since when and its last error (console and metrics) until a send works. A failing channel
 *       is also tried whenever a new alert is owed to it, and at once after a good test.
 *   <li><b>Nothing to act on, nothing sent.</b> Rows whose alert was acknowledged before they went
 *       out are marked skipped.
 *   <li><b>Latency.</b> The relay and the escalator {@link #nudge()} the notifier after they mark,
 *       so a message leaves within a second of the relay; otherwise it polls every {@code
 *       pollInterval}.
 * </ol>
 *
 * <p>Messages carry school names, counts, crisis levels and alert ids only; logs carry ids and
 * counts only.
 */
public final class AlertNotifier implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);

  /** The kind of a channel test in {@link #count}. */
  public static final String TEST = "test";

  /** What became of a notification (or a test). */
  public enum Outcome {
    SENT,
    FAILED,
    SKIPPED
  }

  /** What a channel test answered: ok, or the error (short, no secrets). */
  public record TestResult(boolean ok, String error) {}

  private final AlertNotificationStore notifications;
  private final AlertChannelStore channels;
  private final ChannelSenders senders;
  private final NotifierConfig config;
  private final Clock clock;
  private final String node;
  private final BlockingLoop loop;
  private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

  /** Nodes whose leases the next pass gives back before it claims: this one first. */
  private final Queue<String> departed = new ConcurrentLinkedQueue<>();

  private AlertNotifier(
      AlertNotificationStore notifications,
      AlertChannelStore channels,
      ChannelSenders senders,
      NotifierConfig config,
      Clock clock,
      String node) {
    this.notifications = Objects.requireNonNull(notifications, "notifications");
    this.channels = Objects.requireNonNull(channels, "channels");
    this.senders = Objects.requireNonNull(senders, "senders");
    this.config = Objects.requireNonNull(config, "config");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.node = Objects.requireNonNull(node, "node");
    departed.add(node);
    PollConfig poll =
        new PollConfig(
            config.pollInterval(),
            config.batchSize(),
            config.sendTimeout(),
            PollConfig.DEFAULT_MAX_BACKOFF);
    this.loop = new BlockingLoop("huxin-alert-notifier", poll, this::notifyOnce, LOG);
  }

  /** A notifier whose passes the caller runs ({@link #notifyOnce()}): tests step through them. */
  static AlertNotifier unstarted(
      AlertNotificationStore notifications,
      AlertChannelStore channels,
      ChannelSenders senders,
      NotifierConfig config,
      Clock clock,
      String node) {
    return new AlertNotifier(notifications, channels, senders, config, clock, node);
  }

  /**
   * Starts the notifier of node {@code node} (unique in the cluster: its leases carry the name) on
   * its own daemon thread. Its first pass runs at once and first gives back the leases a former run
   * of this node left behind.
   */
  public static AlertNotifier start(
      AlertNotificationStore notifications,
      AlertChannelStore channels,
      ChannelSenders senders,
      NotifierConfig config,
      Clock clock,
      String node) {
    AlertNotifier notifier =
        new AlertNotifier(notifications, channels, senders, config, clock, node);
    notifier.loop.start();
    return notifier;
  }

  /** Starts a pass now rather than at the end of the interval; never blocks. */
  public void nudge() {
    loop.nudge();
  }

  /**
   * Node {@code node} left the cluster: the next pass, started now, gives its leases back and sends
   * what it held, rather than waiting for the leases to lapse. Never blocks.
   */
  public void nodeLeft(String node) {
    departed.add(Objects.requireNonNull(node, "node"));
    loop.nudge();
  }

  public PollStats stats() {
    return loop.stats();
  }

  /** Whether channels may use plain-http URLs ({@link NotifierConfig#allowHttp()}). */
  public boolean allowsHttp() {
    return config.allowHttp();
  }

  /**
   * Notifications (or tests, kind {@value #TEST}) of {@code kind} with {@code outcome} since start.
   */
  public long count(String kind, Outcome outcome) {
    LongAdder adder = counts.get(kind + "/" + outcome);
    return adder == null ? 0 : adder.sum();
  }

  /**
   * Sends the test message to {@code target} now, failing after the send timeout; for a caller that
   * reads the channel and records the outcome on its own client (the staff console), then calls
   * {@link #tested}.
   */
  public CompletableFuture<Void> sendTest(ChannelTarget target) {
    return start(target, ChannelMessages.TEST)
        .orTimeout(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Counts and logs the outcome of a {@link #sendTest} of channel {@code channelId} ({@code
   * failure} null when it was sent) and says what to record on the channel.
   */
  public TestResult tested(long channelId, Throwable failure) {
    if (failure == null) {
      count(TEST, Outcome.SENT, 1);
      return new TestResult(true, null);
    }
    String error = describe(failure);
    count(TEST, Outcome.FAILED, 1);
    LOG.warn("alert notifier: test of channel {} failed: {}", channelId, error);
    return new TestResult(false, error);
  }

  /**
   * Stops the notifier; rows of a send in flight stay leased and are sent again after the lease.
   */
  @Override
  public void close() {
    loop.close();
  }

  /**
   * One pass: give back the leases of departed nodes, lease what is due, send one message per
   * channel, mark.
   */
  OutboxLoop.PassResult notifyOnce() throws InterruptedException {
    for (String gone = departed.peek(); gone != null; gone = departed.peek()) {
      int released = notifications.releaseLeasesOf(gone);
      departed.remove(); // only once given back: a failed pass tries again
      if (released > 0) {
        LOG.warn("alert notifier: took over {} notifications leased by node {}", released, gone);
      }
    }
    Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
    UUID token = UUID.randomUUID();
    List<ClaimedNotification> claimed =
        notifications.claim(config.batchSize(), now, config.lease(), token, node);
    if (claimed.isEmpty()) {
      return OutboxLoop.PassResult.EMPTY;
    }
    List<Long> acknowledged = new ArrayList<>();
    Map<Long, List<ClaimedNotification>> byChannel = new LinkedHashMap<>();
    for (ClaimedNotification n : claimed) {
      if (n.acknowledged()) {
        acknowledged.add(n.id());
        count(n.kind().key(), Outcome.SKIPPED, 1);
      } else {
        byChannel.computeIfAbsent(n.channelId(), id -> new ArrayList<>()).add(n);
      }
    }
    notifications.markSkipped(acknowledged, token);

    Map<Long, CompletableFuture<Void>> sends = new LinkedHashMap<>();
    List<Long> leftForNextPass = new ArrayList<>();
    for (Map.Entry<Long, List<ClaimedNotification>> e : byChannel.entrySet()) {
      Optional<ChannelTarget> target = channels.target(e.getKey());
      if (target.isEmpty()) {
        continue; // deleted meanwhile; its rows went with it
      }
      ChannelMessages.Message message = ChannelMessages.compose(e.getValue());
      List<ClaimedNotification> covered = new ArrayList<>();
      for (ClaimedNotification n : e.getValue()) {
        if (message.notificationIds().contains(n.id())) {
          covered.add(n);
        } else {
          leftForNextPass.add(n.id());
        }
      }
      e.setValue(covered);
      sends.put(e.getKey(), start(target.get(), message.text()));
    }
    if (!leftForNextPass.isEmpty()) {
      notifications.release(leftForNextPass, token);
      nudge();
    }
    awaitAll(sends);

    Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
    int sent = 0;
    for (Map.Entry<Long, CompletableFuture<Void>> e : sends.entrySet()) {
      long channelId = e.getKey();
      List<ClaimedNotification> rows = byChannel.get(channelId);
      List<Long> ids = rows.stream().map(ClaimedNotification::id).toList();
      CompletableFuture<Void> send = e.getValue();
      if (send.isDone() && !send.isCompletedExceptionally()) {
        int marked = notifications.markSent(channelId, ids, token, at);
        sent += marked;
        rows.forEach(n -> count(n.kind().key(), Outcome.SENT, 1));
        LOG.info(
            "alert notifier: channel {} took {} notifications (alerts {})",
            channelId,
            rows.size(),
            rows.stream().map(ClaimedNotification::alertId).distinct().toList());
      } else {
        send.cancel(true);
        String error = send.isDone() ? describe(failureOf(send)) : "no answer in time";
        int attempts = rows.stream().mapToInt(ClaimedNotification::attempts).max().orElse(1);
        Duration wait = config.backoff(attempts);
        notifications.markFailing(channelId, ids, token, at, at.plus(wait), error);
        rows.forEach(n -> count(n.kind().key(), Outcome.FAILED, 1));
        LOG.warn(
            "alert notifier: channel {} failed ({}) with {} notifications (alerts {}), attempt {};"
                + " trying again in {} s",
            channelId,
            error,
            rows.size(),
            rows.stream().map(ClaimedNotification::alertId).distinct().toList(),
            attempts,
            wait.toSeconds());
      }
    }
    return new OutboxLoop.PassResult(claimed.size(), sent, 0);
  }

  private CompletableFuture<Void> start(ChannelTarget target, String message) {
    try {
      CompletableFuture<Void> send = senders.of(target.kind()).send(target, message);
      return send == null
          ? CompletableFuture.failedFuture(new SendFailure("the sender returned nothing"))
          : send;
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /**
   * Waits for every send up to the send timeout. Interrupted (closed), it cancels the sends and
   * rethrows: the rows keep their lease and are sent again after it.
   */
  private void awaitAll(Map<Long, CompletableFuture<Void>> sends) throws InterruptedException {
    if (sends.isEmpty()) {
      return;
    }
    try {
      CompletableFuture.allOf(sends.values().toArray(new CompletableFuture<?>[0]))
          .get(config.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException | TimeoutException someFailedOrLate) {
      // Each send is looked at by the caller.
    } catch (InterruptedException e) {
      sends.values().forEach(s -> s.cancel(true));
      throw e;
    }
  }

  private static Throwable failureOf(CompletableFuture<Void> send) {
    try {
      send.join();
      return new SendFailure("send failed");
    } catch (CompletionException | CancellationException e) {
      return e;
    }
  }

  /** The failure's safe text: a {@link SendFailure}'s message, else only the exception's type. */
  static String describe(Throwable failure) {
    Throwable cause = failure;
    while ((cause instanceof CompletionException || cause instanceof ExecutionException)
        && cause.getCause() != null) {
      cause = cause.getCause();
    }
    if (cause instanceof SendFailure) {
      return cause.getMessage();
    }
    if (cause instanceof TimeoutException) {
      return "no answer in time";
    }
    if (cause instanceof CancellationException) {
      return "cancelled";
    }
    return "send failed (" + cause.getClass().getSimpleName() + ")";
  }

  private void count(String kind, Outcome outcome, long n) {
    counts.computeIfAbsent(kind + "/" + outcome, k -> new LongAdder()).add(n);
  }
}
