package org.huxin.gateway;

import com.hazelcast.core.HazelcastInstance;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import org.huxin.engine.alerts.AlertChannelStore;
import org.huxin.engine.alerts.AlertEscalator;
import org.huxin.engine.alerts.AlertNotificationStore;
import org.huxin.engine.alerts.AlertNotifier;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.alerts.AlertRelay;
import org.huxin.engine.alerts.ChannelSenders;
import org.huxin.engine.alerts.CrisisDraftStore;
import org.huxin.engine.alerts.NotifierConfig;
import org.huxin.engine.alerts.PollConfig;
import org.huxin.engine.alerts.UnsubmittedCrisisSweep;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.ClassRosterQueries;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.SessionStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.admission.AdmissionControl;
import org.huxin.gateway.admission.HazelcastLedger;
import org.huxin.gateway.admission.Ledger;
import org.huxin.gateway.admission.LocalLedger;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.alerts.AlertFeed;
import org.huxin.gateway.alerts.UnsubmittedCrises;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffSessions;
import org.huxin.gateway.auth.Tokens;
import org.huxin.gateway.cluster.BusSeal;
import org.huxin.gateway.cluster.Cluster;
import org.huxin.gateway.cluster.NodeDepartures;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.drafts.DraftSeal;
import org.huxin.gateway.drafts.DraftStore;
import org.huxin.gateway.drafts.HazelcastDraftStore;
import org.huxin.gateway.drafts.LocalDraftStore;
import org.huxin.gateway.http.ApiContract;
import org.huxin.gateway.http.ConnectionGuard;
import org.huxin.gateway.http.Readiness;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.gateway.metrics.ManagementServer;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.questionnaires.QuestionnaireCatalog;
import org.huxin.gateway.roster.ChangeNotices;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;
import org.huxin.scales.ScaleLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway node, assembled: scales compiled, roster and windows loaded into memory, the result
 * writer running, and one HTTP verticle per event loop. {@link #close()} stops taking requests
 * first, then drains the writer, so every submit that was accepted is committed or failed.
 */
public final class GatewayApp {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

  private final Vertx vertx;
  private final Services services;
  private final AlertEscalator escalator;
  private final Pool writerPool;
  private final Pool alertPool;
  private final long alertCountTimer;
  private final AutoCloseable departures;
  private final int port;
  private final String deploymentId;
  private final HttpServer management;

  private GatewayApp(
      Vertx vertx,
      Services services,
      AlertEscalator escalator,
      Pool writerPool,
      Pool alertPool,
      long alertCountTimer,
      AutoCloseable departures,
      int port,
      String deploymentId,
      HttpServer management) {
    this.vertx = vertx;
    this.services = services;
    this.escalator = escalator;
    this.writerPool = writerPool;
    this.alertPool = alertPool;
    this.alertCountTimer = alertCountTimer;
    this.departures = departures;
    this.port = port;
    this.deploymentId = deploymentId;
    this.management = management;
  }

  /**
   * Loads everything a node answers from (blocking: call from a main or test thread, never an event
   * loop) and deploys the HTTP verticles, with a registry of its own; Vert.x's HTTP meters are not
   * in it (see the full form).
   */
  public static Future<GatewayApp> start(
      Vertx vertx, GatewayConfig config, Store store, Clock clock) {
    return start(vertx, config, store, clock, null);
  }

  /**
   * As {@link #start(Vertx, GatewayConfig, Store, Clock)}, on a cluster member: drafts go to the
   * cluster's map when {@code hazelcast} is given, else stay in this node's memory.
   */
  public static Future<GatewayApp> start(
      Vertx vertx, GatewayConfig config, Store store, Clock clock, HazelcastInstance hazelcast) {
    return start(
        vertx,
        config,
        store,
        clock,
        hazelcast,
        GatewayMetrics.create(),
        Readiness.awaiting(Readiness.STORE, Readiness.HTTP));
  }

  /**
   * The full form.
   *
   * @param vertx built from {@link GatewayMetrics#vertxBuilder} of {@code metrics}, so its HTTP
   *     meters land in the same registry
   * @param store open, so its migrations ran: marks {@link Readiness#STORE} ready; deploying the
   *     verticles marks {@link Readiness#HTTP}
   */
  public static Future<GatewayApp> start(
      Vertx vertx,
      GatewayConfig config,
      Store store,
      Clock clock,
      HazelcastInstance hazelcast,
      GatewayMetrics metrics,
      Readiness readiness) {
    readiness.markReady(Readiness.STORE);
    ApiContract contract;
    try {
      contract =
          ApiContract.load(vertx, metrics::requestInvalid)
              .toCompletionStage()
              .toCompletableFuture()
              .join();
    } catch (CompletionException e) {
      return Future.failedFuture(e.getCause());
    }
    ScaleLibrary library = ScaleLibrary.loadDefault();
    Engines engines = Engines.compile(library);
    WindowStore windowStore = new WindowStore(store.dataSource());
    RosterIndex roster = RosterIndex.loading(new RosterStore(store.dataSource())::loadRoster);
    Pool pool = store.pool(vertx, config.pgPool());
    WindowRegistry windows = new WindowRegistry(windowStore.list(), () -> windowStore.list(pool));
    windows.all().forEach(w -> engines.check(w));
    Pool writerPool = store.pool(vertx, config.pgPool().dedicated(), "huxin-pg-writer");
    ResultWriter writer =
        new ResultWriter(
            vertx,
            writerPool,
            new WriterConfig(
                config.writerBatchRows(), config.writerQueueCapacity(), config.writerDelay()));
    NameCipher names = NameCipher.fromEnv(System.getenv(), config.home());
    if (vertx.isClustered()) {
      // Before any consumer: every message between nodes is tagged, and untagged ones dropped.
      new BusSeal(names, Clock.systemUTC(), r -> metrics.clusterMessageRejected(r.tag()))
          .install(vertx.eventBus());
    }
    DraftStore drafts =
        hazelcast == null
            ? new LocalDraftStore(clock)
            : new HazelcastDraftStore(hazelcast.getMap(Cluster.DRAFTS), new DraftSeal(names));
    Ledger ledger =
        hazelcast == null
            ? new LocalLedger(clock)
            : new HazelcastLedger(
                hazelcast.getMap(Cluster.LOGIN_FAILURES),
                hazelcast.getReplicatedMap(Cluster.LOGIN_LOCKS),
                clock);
    ChangeNotices changes = new ChangeNotices(vertx, windows, roster);
    changes.start(config.windowRefresh());
    AlertFeed feed = new AlertFeed(vertx);
    feed.start();
    AlertChannelStore alertChannels = new AlertChannelStore(store.dataSource(), names);
    AlertNotificationStore notifications = new AlertNotificationStore(store.dataSource());
    NotifierConfig notifierConfig =
        NotifierConfig.defaults().withAllowHttp(config.alertSinkAllowHttp());
    // Leases and backoff follow the node's clock; DingTalk signs with the wall clock, which the
    // robot checks against its own (within an hour).
    AlertNotifier notifier =
        AlertNotifier.start(
            notifications,
            alertChannels,
            ChannelSenders.overHttp(notifierConfig, Clock.systemUTC()),
            notifierConfig,
            clock,
            config.nodeName());
    // A node that leaves the cluster mid-send holds its phone messages' leases: take them at once.
    AutoCloseable departures =
        hazelcast == null
            ? () -> {}
            : NodeDepartures.watch(hazelcast, config.nodeName(), notifier::nodeLeft);
    AlertOutboxStore outbox = new AlertOutboxStore(store.dataSource());
    CrisisDraftStore crisisDrafts = new CrisisDraftStore(store.dataSource());
    // Woken by LISTEN huxin_alert when any node commits an alert, polling as the safety net; both
    // run their passes on Vert.x timers on a pool of their own, so no burst of staff requests can
    // hold a crisis alert back.
    Pool alertPool = store.pool(vertx, config.pgPool().dedicated(), "huxin-pg-alerts");
    AlertRelay relay =
        AlertRelay.start(
            vertx,
            alertPool,
            store.subscriber(vertx),
            outbox,
            feed.sink(),
            PollConfig.defaults(),
            config.nodeName(),
            notifier::nudge);
    AlertEscalator escalator =
        AlertEscalator.start(
            vertx, alertPool, outbox, feed.sink(), PollConfig.defaults(), clock, notifier::nudge);
    UnsubmittedCrises unsubmitted =
        new UnsubmittedCrises(
            crisisDrafts,
            pool,
            config.unsubmittedCrisisAfter(),
            UnsubmittedCrisisSweep.start(
                crisisDrafts,
                relay::nudge,
                PollConfig.defaults().withPollInterval(Duration.ofSeconds(2)),
                clock));
    StaffSessions sessions =
        new StaffSessions(vertx, pool, new SessionStore(), clock, config.staff());
    sessions.start();
    AuditStore audit = new AuditStore();
    Services services =
        new Services(
            clock,
            new Tokens(config.tokenSecret(), clock),
            roster,
            changes,
            store,
            pool,
            windows,
            engines,
            QuestionnaireCatalog.build(library),
            writer,
            drafts,
            new LoginGuard(ledger),
            new AdmissionControl(
                config.admissionLimit(),
                config.admissionMaxLag(),
                config.admissionTarget(),
                config.tokenSecret(),
                clock),
            windowStore,
            new ClassRosterQueries(),
            audit,
            outbox,
            relay,
            feed,
            unsubmitted,
            names,
            config.publicUrl(),
            config.trustedProxies(),
            config.management(),
            metrics,
            readiness,
            contract,
            alertChannels,
            notifier,
            sessions,
            new StaffAudit(pool, audit, roster));
    metrics.bindWriter(writer);
    metrics.bindReadiness(readiness);
    metrics.bindInFlight(services.admission()::inFlight);
    metrics.bindAdmission(services.admission()::lagMillis, services.admission()::slowShare);
    metrics.bindDraftsHeld(drafts::size);
    metrics.bindClusterMembers(
        hazelcast == null ? () -> 1 : () -> hazelcast.getCluster().getMembers().size());
    // Scrapes must not query the database, so the backlog is read every 5 s, in one statement.
    AtomicReference<AlertOutboxStore.Backlog> backlog =
        new AtomicReference<>(AlertOutboxStore.Backlog.NONE);
    metrics.bindAlertsPending(() -> backlog.get().pending(), () -> backlog.get().overdue());
    metrics.bindAlertAges(
        () -> ageSeconds(backlog.get().oldest().unacknowledged(), clock),
        () -> ageSeconds(backlog.get().oldest().unseen(), clock));
    metrics.bindNotifier(
        notifier, () -> backlog.get().notificationsFailing(), () -> backlog.get().unrouted());
    long alertCount =
        vertx.setPeriodic(
            1, 5_000, t -> outbox.backlog(pool, clock.instant()).onSuccess(backlog::set));
    LOG.info(
        "loaded {} students, {} windows, {} batteries",
        roster.size(),
        windows.all().size(),
        library.batteries().size());
    boolean secureCookies = config.secureCookies();
    ConnectionGuard connections = new ConnectionGuard(config.httpLimits(), config.trustedProxies());
    // The relay's and escalator's first passes are the reactive client's first use: wait for them
    // (and for LISTEN) before serving, so that warming up does not stall an event loop that serves.
    // The management listener comes first: a port it cannot bind stops the start before any
    // request is served.
    AtomicReference<HttpServer> management = new AtomicReference<>();
    return relay
        .ready()
        .compose(v -> escalator.ready())
        .compose(
            v ->
                config.management().listens()
                    ? ManagementServer.start(vertx, config.management(), metrics, readiness)
                        .onSuccess(management::set)
                        .<Void>mapEmpty()
                    : Future.<Void>succeededFuture())
        .compose(
            v ->
                vertx.deployVerticle(
                    () ->
                        new HttpVerticle(
                            services,
                            config.httpHost(),
                            config.httpPort(),
                            secureCookies,
                            config.http2Cleartext(),
                            connections),
                    new DeploymentOptions().setInstances(config.eventLoops())))
        .map(
            id -> {
              readiness.markReady(Readiness.HTTP);
              return new GatewayApp(
                  vertx,
                  services,
                  escalator,
                  writerPool,
                  alertPool,
                  alertCount,
                  departures,
                  config.httpPort(),
                  id,
                  management.get());
            })
        .onFailure(
            e -> {
              vertx.cancelTimer(alertCount);
              closeQuietly(departures);
              if (management.get() != null) {
                management.get().close();
              }
              changes.stop();
              relay.close();
              escalator.close();
              notifier.close();
              unsubmitted.close();
              feed.stop();
              sessions.stop();
              writer.closeAsync().eventually(writerPool::close).eventually(pool::close);
            });
  }

  private static void closeQuietly(AutoCloseable closeable) {
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.warn("closing {} failed: {}", closeable.getClass().getSimpleName(), e.toString());
    }
  }

  /** Seconds from {@code since} to now by {@code clock}; 0 when there is none. */
  private static double ageSeconds(Optional<Instant> since, Clock clock) {
    return since
        .map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis()) / 1000.0)
        .orElse(0.0);
  }

  public int port() {
    return port;
  }

  public Services services() {
    return services;
  }

  /**
   * Marks the node draining (not ready), stops the HTTP servers, then drains and stops the result
   * writer, then the alert relay (alerts it had not published stay in the outbox for another node
   * or the next start).
   */
  public Future<Void> close() {
    services.readiness().markDraining();
    vertx.cancelTimer(alertCountTimer);
    services.sessions().stop();
    return vertx
        .undeploy(deploymentId)
        .eventually(() -> services.writer().closeAsync())
        .eventually(writerPool::close)
        .eventually(() -> Future.join(services.relay().closeAsync(), escalator.closeAsync()))
        .eventually(alertPool::close)
        .eventually(
            () ->
                vertx.executeBlocking(
                    () -> {
                      closeQuietly(departures);
                      services.notifier().close();
                      services.unsubmitted().close();
                      services.feed().stop();
                      services.changes().stop();
                      return null;
                    }))
        .eventually(() -> services.pool().close())
        .eventually(() -> management == null ? Future.<Void>succeededFuture() : management.close())
        .mapEmpty();
  }
}
