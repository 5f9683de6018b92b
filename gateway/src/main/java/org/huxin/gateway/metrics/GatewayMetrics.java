package org.huxin.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.huxin.engine.alerts.AlertNotifier;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.scoring.Tier;
import org.huxin.gateway.http.Readiness;

/**
 * Every meter of a gateway node, behind methods named for what happened ({@link #loginSucceeded()},
 * {@link #submitStored(Tier)}), in one Prometheus registry that the HTTP server's meters ({@link
 * HttpMeters}) and Vert.x's pool and JVM meters also report to.
 *
 * <p>Tags hold only values from small fixed sets: an outcome, a tier, a login kind, an operation id
 * of the contract, a route template. A student id, name, token, code or answer is never a tag or a
 * meter name; tier counts count stored results, never students.
 */
public final class GatewayMetrics {
  /** A shed-request tag beyond this many distinct endpoints is counted as {@code other}. */
  private static final int MAX_ENDPOINTS = 64;

  private final PrometheusMeterRegistry registry;
  private final String registryName;

  private final Counter studentLoginOk;
  private final Counter studentLoginFailed;
  private final Counter studentLoginLocked;
  private final Counter studentLoginRefused;
  private final Counter studentLoginQueued;
  private final Counter staffLoginOk;
  private final Counter staffLoginFailed;
  private final Counter draftsSaved;
  private final Counter submitStored;
  private final Counter submitDuplicate;
  private final Counter submitRejected;
  private final Counter submitSalvaged;
  private final Counter draftCrisis;
  private final Counter submitFailed;
  private final Map<String, Counter> clusterRejected = new ConcurrentHashMap<>();
  private final Counter[] resultsByTier;
  private final Timer scoring;
  private final DistributionSummary batchRows;
  private final Timer batchLatency;
  private final Map<String, Counter> shedByEndpoint = new ConcurrentHashMap<>();
  private final Map<String, Counter> invalidByOperation = new ConcurrentHashMap<>();
  private final HttpMeters http;

  private GatewayMetrics(PrometheusMeterRegistry registry, String registryName) {
    this.registry = registry;
    this.registryName = registryName;
    this.http = new HttpMeters(registry);
    studentLoginOk = login("student", "ok");
    studentLoginFailed = login("student", "failed");
    studentLoginLocked = login("student", "locked");
    studentLoginRefused = login("student", "refused");
    studentLoginQueued = login("student", "queued");
    staffLoginOk = login("staff", "ok");
    staffLoginFailed = login("staff", "failed");
    draftsSaved =
        Counter.builder("huxin.drafts.saved")
            .description("Drafts of answers saved (PUT /api/student/draft)")
            .register(registry);
    submitStored = submit("stored");
    submitDuplicate = submit("duplicate");
    submitRejected = submit("rejected");
    submitSalvaged = submit("salvaged");
    draftCrisis =
        Counter.builder("huxin.drafts.crisis")
            .description("Draft saves holding a crisis answer, recorded for the unsubmitted sweep")
            .register(registry);
    submitFailed = submit("failed");
    for (String reason : new String[] {"untagged", "forged", "stale"}) {
      clusterRejected.put(
          reason,
          Counter.builder("huxin.cluster.messages.rejected")
              .description("Event-bus messages dropped: no valid tag of this cluster, or stale")
              .tag("reason", reason)
              .register(registry));
    }
    resultsByTier = new Counter[Tier.values().length];
    for (Tier tier : Tier.values()) {
      resultsByTier[tier.level()] =
          Counter.builder("huxin.results")
              .description("Results newly stored, by attention tier (counts, never students)")
              .tag("tier", tier.name().toLowerCase(Locale.ROOT))
              .register(registry);
    }
    scoring =
        Timer.builder("huxin.scoring")
            .description("Scoring one submission in memory")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofNanos(1_000))
            .maximumExpectedValue(Duration.ofMillis(50))
            .register(registry);
    batchRows =
        DistributionSummary.builder("huxin.writer.batch.rows")
            .description("Rows per committed result batch (group commit)")
            .baseUnit("rows")
            .serviceLevelObjectives(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
            .register(registry);
    batchLatency =
        Timer.builder("huxin.writer.batch.latency")
            .description("From taking a result batch to its COMMIT returning")
            .publishPercentileHistogram()
            .minimumExpectedValue(Duration.ofMillis(1))
            .maximumExpectedValue(Duration.ofSeconds(10))
            .register(registry);
  }

  /** A fresh registry for one node. */
  public static GatewayMetrics create() {
    // Vert.x keeps backend registries in a static map by name: a unique name per node keeps two
    // nodes in one JVM (tests) from sharing, or closing, each other's registry.
    return new GatewayMetrics(
        new PrometheusMeterRegistry(PrometheusConfig.DEFAULT), "huxin-" + UUID.randomUUID());
  }

  /**
   * A Vert.x builder whose worker pool, event bus and JVM meters report to this registry: build a
   * node's Vert.x from it ({@code .build()}, or {@code .withClusterManager(..).buildClustered()}).
   * Vert.x's own HTTP server meters are off: {@link HttpMeters} counts requests by route template
   * at a tenth of their cost.
   */
  public VertxBuilder vertxBuilder(VertxOptions options) {
    MicrometerMetricsOptions metrics =
        new MicrometerMetricsOptions()
            .setEnabled(true)
            .setRegistryName(registryName)
            .setJvmMetricsEnabled(true)
            .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
            .setLabels(
                EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE, Label.EB_FAILURE));
    return Vertx.builder()
        .with(options.setMetricsOptions(metrics))
        .withMetrics(new MicrometerMetricsFactory(registry));
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The HTTP server's request and connection meters. */
  public HttpMeters http() {
    return http;
  }

  // ---- logins ---------------------------------------------------------------------------------

  public void loginSucceeded() {
    studentLoginOk.increment();
  }

  /** A wrong school, number or code (401). */
  public void loginFailed() {
    studentLoginFailed.increment();
  }

  /** Refused because the student is locked or the address is blocked (423, 429). */
  public void loginLocked() {
    studentLoginLocked.increment();
  }

  /** The details were right but the window is not open or consent is missing (403). */
  public void loginRefused() {
    studentLoginRefused.increment();
  }

  /** Turned away into the waiting room with a queue ticket (503 queued). */
  public void loginQueued() {
    studentLoginQueued.increment();
  }

  public void staffLoginSucceeded() {
    staffLoginOk.increment();
  }

  public void staffLoginFailed() {
    staffLoginFailed.increment();
  }

  // ---- cluster --------------------------------------------------------------------------------

  /**
   * An event-bus message was dropped: {@code reason} is {@code untagged}, {@code forged} or {@code
   * stale} (a replay, or clocks a minute apart).
   */
  public void clusterMessageRejected(String reason) {
    Counter counter = clusterRejected.get(reason);
    if (counter == null) {
      throw new IllegalArgumentException("no such rejection reason: " + reason);
    }
    counter.increment();
  }

  // ---- drafts and submits ---------------------------------------------------------------------

  public void draftSaved() {
    draftsSaved.increment();
  }

  /** Work that may throw a checked exception, such as scoring a sheet that may be rejected. */
  @FunctionalInterface
  public interface Scoring<T, E extends Exception> {
    T run() throws E;
  }

  /** Runs {@code scoring} and times it, whether it returns or throws. */
  public <T, E extends Exception> T timeScoring(Scoring<T, E> scoring) throws E {
    long start = System.nanoTime();
    try {
      return scoring.run();
    } finally {
      this.scoring.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    }
  }

  /** A new result committed, at {@code tier}. */
  public void submitStored(Tier tier) {
    submitStored.increment();
    resultsByTier[tier.level()].increment();
  }

  /** A resubmit answered with the first receipt; nothing written. */
  public void submitDuplicate() {
    submitDuplicate.increment();
  }

  /** Answers the scales do not allow (422); nothing written. */
  public void submitRejected() {
    submitRejected.increment();
  }

  /**
   * A sheet the engine would have refused, stored as invalid because a crisis rule held on what was
   * answered.
   */
  public void submitSalvaged() {
    submitSalvaged.increment();
  }

  /** A draft save that held a crisis answer and was recorded before it was acknowledged. */
  public void draftCrisis() {
    draftCrisis.increment();
  }

  /** The batch holding the submit was rolled back or the store is down (503). */
  public void submitFailed() {
    submitFailed.increment();
  }

  // ---- the edge -------------------------------------------------------------------------------

  /**
   * A request refused because the node is full (503 + Retry-After), such as a submit while the
   * writer's queue is full; a shed submit is counted here, not under {@code huxin.submits}.
   *
   * @param endpoint the route template ({@code /api/student/submit}), never a raw path
   */
  public void requestShed(String endpoint) {
    counterFor(shedByEndpoint, "huxin.shed", "endpoint", endpoint, "Requests shed under load")
        .increment();
  }

  /** A request body that broke the contract (400 invalid_request), by operation id. */
  public void requestInvalid(String operationId) {
    counterFor(
            invalidByOperation,
            "huxin.requests.invalid",
            "operation",
            operationId,
            "Requests refused by the OpenAPI contract")
        .increment();
  }

  // ---- bound sources --------------------------------------------------------------------------

  /**
   * Reports the writer: each committed batch's size and latency (through its batch listener), its
   * queue depth, and its running totals.
   */
  public void bindWriter(ResultWriter writer) {
    writer.setBatchListener(
        (rows, nanos) -> {
          batchRows.record(rows);
          batchLatency.record(nanos, TimeUnit.NANOSECONDS);
        });
    Gauge.builder("huxin.writer.queue.depth", writer, ResultWriter::queueDepth)
        .description("Results waiting for the group-commit writer")
        .baseUnit("rows")
        .register(registry);
    FunctionCounter.builder("huxin.writer.batches", writer, w -> w.stats().batches())
        .description("Result batches committed")
        .register(registry);
    FunctionCounter.builder("huxin.writer.batches.failed", writer, w -> w.stats().failedBatches())
        .description("Result batches rolled back")
        .register(registry);
    FunctionCounter.builder("huxin.writer.rows.inserted", writer, w -> w.stats().rowsInserted())
        .description("Result rows newly inserted")
        .register(registry);
    FunctionCounter.builder("huxin.writer.rows.refused", writer, w -> w.stats().rejected())
        .description("Results refused because the writer queue was full")
        .register(registry);
  }

  /** Reports {@code readiness} as 1 (ready) or 0. */
  public void bindReadiness(Readiness readiness) {
    Gauge.builder("huxin.ready", readiness, r -> r.isReady() ? 1 : 0)
        .description("1 while this node wants traffic, 0 before it is ready and while draining")
        .register(registry);
  }

  /** Reports requests in flight on this node as counted by the waiting room. */
  public void bindInFlight(LongSupplier inFlight) {
    Gauge.builder("huxin.requests.in.flight", inFlight, LongSupplier::getAsLong)
        .description("API requests in flight on this node")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Reports the waiting room's view of this node: event-loop lag and the share of recent answers
   * slower than the admission target, the two signs besides requests in flight that queue logins.
   */
  public void bindAdmission(LongSupplier lagMillis, DoubleSupplier slowShare) {
    Gauge.builder("huxin.admission.lag", lagMillis, lag -> lag.getAsLong() / 1000.0)
        .description("worst recent event-loop lag on this node")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("huxin.admission.slow.share", slowShare, DoubleSupplier::getAsDouble)
        .description("share of this node's last half second of answers slower than its target")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Reports the drafts this node holds (its owned share on a cluster, submitted markers included),
   * so a rehearsal can tell how many students are mid-questionnaire at once.
   */
  public void bindDraftsHeld(LongSupplier held) {
    Gauge.builder("huxin.drafts.held", held, LongSupplier::getAsLong)
        .description("Drafts held by this node, submitted-form markers included")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Reports the gateway nodes in the cluster as this node sees them (1 for a node on its own), so
   * ops hear when fewer are up than they run.
   */
  public void bindClusterMembers(IntSupplier members) {
    Gauge.builder("huxin.cluster.members", members, IntSupplier::getAsInt)
        .description("Gateway nodes in the cluster as this node sees it")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Reports crisis alerts not yet acknowledged, as {@code pending} counts them, and those of them
   * past their crisis level's time to acknowledge, as {@code overdue} does. It is called on the
   * event loop at every scrape, so it must return a value already at hand (one the relay or
   * escalator keeps from its last poll), never query the database.
   */
  public void bindAlertsPending(LongSupplier pending, LongSupplier overdue) {
    Gauge.builder("huxin.alerts.pending", pending, LongSupplier::getAsLong)
        .description("Crisis alerts not yet acknowledged")
        .strongReference(true)
        .register(registry);
    Gauge.builder("huxin.alerts.overdue", overdue, LongSupplier::getAsLong)
        .description(
            "Crisis alerts not yet acknowledged past their crisis level's time (escalate_due_at)")
        .strongReference(true)
        .register(registry);
  }

  /**
   * The age of the oldest crisis alert nobody has acknowledged, and of the oldest no console has
   * confirmed; 0 when there is none.
   */
  public void bindAlertAges(DoubleSupplier oldestPending, DoubleSupplier oldestUnseen) {
    Gauge.builder("huxin.alerts.oldest.pending", oldestPending, DoubleSupplier::getAsDouble)
        .description("Age of the oldest crisis alert not yet acknowledged")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
    Gauge.builder("huxin.alerts.oldest.unseen", oldestUnseen, DoubleSupplier::getAsDouble)
        .description("Age of the oldest unacknowledged crisis alert no console has confirmed")
        .baseUnit("seconds")
        .strongReference(true)
        .register(registry);
  }

  /**
   * Reports the phone messages of crisis alerts: {@code huxin_alert_notifications_total{kind,
   * outcome}} counts this node's notifier (kind delivery, escalation or test; outcome sent, failed
   * or skipped), {@code huxin_alert_notifications_failing} the notifications of the whole city that
   * failed and wait for a retry, and {@code huxin_alert_notifications_unrouted} the unacknowledged
   * alerts that had no channel to go to. The gauges read values a worker keeps, never the database.
   */
  public void bindNotifier(AlertNotifier notifier, LongSupplier failing, LongSupplier unrouted) {
    for (String kind : new String[] {"delivery", "escalation", AlertNotifier.TEST}) {
      for (AlertNotifier.Outcome outcome : AlertNotifier.Outcome.values()) {
        FunctionCounter.builder("huxin.alert.notifications", notifier, n -> n.count(kind, outcome))
            .description("Phone messages of crisis alerts by kind and outcome, per notification")
            .tag("kind", kind)
            .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
            .register(registry);
      }
    }
    Gauge.builder("huxin.alert.notifications.failing", failing, LongSupplier::getAsLong)
        .description("Phone messages of crisis alerts that failed and are retried (whole city)")
        .strongReference(true)
        .register(registry);
    Gauge.builder("huxin.alert.notifications.unrouted", unrouted, LongSupplier::getAsLong)
        .description("Unacknowledged crisis alerts with no enabled channel in school or district")
        .strongReference(true)
        .register(registry);
  }

  // ---------------------------------------------------------------------------------------------

  private Counter login(String kind, String outcome) {
    return Counter.builder("huxin.logins")
        .description("Login attempts by kind and outcome")
        .tag("kind", kind)
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter submit(String outcome) {
    return Counter.builder("huxin.submits")
        .description("Submits by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter counterFor(
      Map<String, Counter> cache, String name, String tag, String value, String description) {
    Counter counter = cache.get(value);
    if (counter != null) {
      return counter;
    }
    String bounded = cache.size() < MAX_ENDPOINTS ? value : "other";
    return cache.computeIfAbsent(
        bounded,
        v -> Counter.builder(name).description(description).tag(tag, v).register(registry));
  }
}
