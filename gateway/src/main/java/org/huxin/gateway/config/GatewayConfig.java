package org.huxin.gateway.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.store.PgPoolConfig;
import org.huxin.engine.store.StoreConfig;
import org.huxin.gateway.cluster.ClusterSettings;
import org.huxin.gateway.http.HttpLimits;
import org.huxin.gateway.http.PublicOrigin;
import org.huxin.gateway.http.TrustedProxies;

/**
 * Everything a gateway node reads at start-up.
 *
 * @param home folder for local state: the embedded PostgreSQL data and development secrets
 * @param httpHost interface the HTTP server binds
 * @param httpPort HTTP port; 0 picks a free one (tests)
 * @param eventLoops HTTP verticle instances, one per event loop
 * @param tokenSecret HMAC key of student and staff tokens, the same on every node
 * @param writerBatchRows the most rows the result writer puts in one batch
 * @param writerQueueCapacity submits waiting beyond this are refused with 503
 * @param writerDelay how long a batch that is not full waits for company ({@code
 *     HUXIN_WRITER_DELAY_MS}, 0..1000, default 5); a crisis row never waits
 * @param publicUrl the address students and staff type, printed on slips; the console's requests
 *     must come from its origin; https makes cookies Secure and turns HSTS on
 * @param store where PostgreSQL is
 * @param pgPool the reactive pool of the request paths: its size, wait queue and pipelining ({@code
 *     HUXIN_PG_POOL}, {@code HUXIN_PG_WAIT_QUEUE}, {@code HUXIN_PG_ACQUIRE_TIMEOUT_S}, {@code
 *     HUXIN_PG_PIPELINING})
 * @param cluster how to join the gateway cluster, or null for a single node
 * @param admissionLimit in-flight API requests on a node above which new logins wait in line
 * @param admissionMaxLag event-loop lag above which new logins wait in line
 * @param admissionTarget answer time that more than a tenth of a node's recent answers may exceed
 *     only while new logins wait in line
 * @param windowRefresh how often a node re-reads the windows for changes made outside the gateways
 * @param unsubmittedCrisisAfter a crisis answer saved in a draft that no submit follows within this
 *     long (or before the window closes) raises an "unsubmitted crisis answer" alert
 * @param nodeName this node's name in the alert outbox ({@code relayed_by}) and the logs
 * @param alertSinkAllowHttp whether alert channels may use plain-http URLs ({@code
 *     HUXIN_ALERT_SINK_ALLOW_HTTP=true}; for tests and a sink on the same host): a webhook URL
 *     carries its robot's key
 * @param trustedProxies the reverse proxies whose {@code X-Forwarded-For} is believed ({@code
 *     HUXIN_TRUSTED_PROXIES}, CIDR list; none by default)
 * @param http2Cleartext whether the HTTP server accepts HTTP/2 without TLS (h2c: prior knowledge or
 *     an Upgrade header; {@code HUXIN_HTTP2_CLEARTEXT=true}); off by default, as the TLS proxy in
 *     front speaks HTTP/1.1 to the gateway and h2c only widens what a client can reach
 * @param httpLimits header and body timeouts and connections per address ({@code HUXIN_HTTP_*})
 * @param staff staff session rules: the idle timeout and the roles that need a second factor
 * @param management the management listener and the metrics bearer token ({@code
 *     HUXIN_MANAGEMENT_*}, {@code HUXIN_METRICS_TOKEN})
 */
public record GatewayConfig(
    Path home,
    String httpHost,
    int httpPort,
    int eventLoops,
    byte[] tokenSecret,
    int writerBatchRows,
    int writerQueueCapacity,
    Duration writerDelay,
    String publicUrl,
    StoreConfig store,
    PgPoolConfig pgPool,
    ClusterSettings cluster,
    int admissionLimit,
    Duration admissionMaxLag,
    Duration admissionTarget,
    Duration windowRefresh,
    Duration unsubmittedCrisisAfter,
    String nodeName,
    boolean alertSinkAllowHttp,
    TrustedProxies trustedProxies,
    boolean http2Cleartext,
    HttpLimits httpLimits,
    StaffPolicy staff,
    ManagementSettings management) {

  public GatewayConfig {
    if (httpPort < 0 || httpPort > 65535) {
      throw new IllegalArgumentException("HUXIN_HTTP_PORT must be 0..65535, got " + httpPort);
    }
    if (eventLoops < 1 || writerBatchRows < 1 || writerQueueCapacity < 1) {
      throw new IllegalArgumentException("event loops, writer batch and queue must be positive");
    }
    if (writerDelay == null
        || writerDelay.isNegative()
        || writerDelay.compareTo(WriterConfig.MAX_DELAY) > 0) {
      throw new IllegalArgumentException("HUXIN_WRITER_DELAY_MS must be 0..1000");
    }
    if (admissionLimit < 1) {
      throw new IllegalArgumentException("HUXIN_ADMISSION_LIMIT must be at least 1");
    }
    if (admissionMaxLag == null || admissionMaxLag.toMillis() < 1) {
      throw new IllegalArgumentException("HUXIN_ADMISSION_MAX_LAG_MS must be at least 1");
    }
    if (admissionTarget == null || admissionTarget.toMillis() < 1) {
      throw new IllegalArgumentException("HUXIN_ADMISSION_TARGET_MS must be at least 1");
    }
    if (windowRefresh == null || windowRefresh.toSeconds() < 1) {
      throw new IllegalArgumentException("HUXIN_WINDOW_REFRESH_S must be at least 1");
    }
    if (unsubmittedCrisisAfter == null
        || unsubmittedCrisisAfter.toMinutes() < 1
        || unsubmittedCrisisAfter.toMinutes() > 240) {
      throw new IllegalArgumentException("HUXIN_UNSUBMITTED_CRISIS_MINUTES must be 1..240");
    }
    if (nodeName == null || nodeName.isBlank() || nodeName.length() > 100) {
      throw new IllegalArgumentException("HUXIN_NODE_NAME must be 1..100 characters");
    }
    PublicOrigin.parse(publicUrl); // refuses a value that is not scheme://host[:port]
    if (trustedProxies == null) {
      throw new IllegalArgumentException("trustedProxies: use TrustedProxies.none()");
    }
    if (httpLimits == null) {
      throw new IllegalArgumentException("httpLimits: use HttpLimits.defaults()");
    }
    if (staff == null) {
      throw new IllegalArgumentException("the staff session policy is required");
    }
    if (management == null) {
      throw new IllegalArgumentException("management: use ManagementSettings.fromEnv(Map.of())");
    }
    if (management.listens() && management.port() == httpPort) {
      throw new IllegalArgumentException(
          "HUXIN_MANAGEMENT_PORT must differ from HUXIN_HTTP_PORT " + httpPort);
    }
    if (tokenSecret == null || tokenSecret.length < 32) {
      throw new IllegalArgumentException("the token secret needs at least 32 bytes");
    }
  }

  /** Whether session cookies must be marked Secure (the public address is https). */
  public boolean secureCookies() {
    return PublicOrigin.parse(publicUrl).https();
  }

  /** Reads {@code HUXIN_*} and {@code PG_*} variables; every one has a working default. */
  public static GatewayConfig fromEnv(Map<String, String> env) {
    if (env.containsKey("HUXIN_ALERT_ESCALATE_MINUTES")) {
      throw new IllegalArgumentException(
          "HUXIN_ALERT_ESCALATE_MINUTES is no longer read: each crisis level escalates after its"
              + " own time, set in the tier rule set (escalateAfterMinutes); remove the variable");
    }
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")).toAbsolutePath();
    int port = intVar(env, "HUXIN_HTTP_PORT", 8080);
    return new GatewayConfig(
        home,
        env.getOrDefault("HUXIN_HTTP_HOST", "0.0.0.0"),
        port,
        intVar(env, "HUXIN_EVENT_LOOPS", Runtime.getRuntime().availableProcessors()),
        DevSecret.load(env, "HUXIN_TOKEN_SECRET", home, "dev-token-secret"),
        intVar(env, "HUXIN_WRITER_BATCH", 500),
        intVar(env, "HUXIN_WRITER_QUEUE", 50_000),
        Duration.ofMillis(intVar(env, "HUXIN_WRITER_DELAY_MS", 5)),
        env.getOrDefault("HUXIN_PUBLIC_URL", "http://localhost:" + port),
        StoreConfig.fromEnv(env, home),
        PgPoolConfig.fromEnv(env),
        ClusterSettings.fromEnv(env),
        intVar(env, "HUXIN_ADMISSION_LIMIT", 512),
        Duration.ofMillis(intVar(env, "HUXIN_ADMISSION_MAX_LAG_MS", 100)),
        Duration.ofMillis(intVar(env, "HUXIN_ADMISSION_TARGET_MS", 250)),
        Duration.ofSeconds(intVar(env, "HUXIN_WINDOW_REFRESH_S", 30)),
        Duration.ofMinutes(intVar(env, "HUXIN_UNSUBMITTED_CRISIS_MINUTES", 20)),
        env.getOrDefault("HUXIN_NODE_NAME", hostName() + ":" + port),
        boolVar(env, "HUXIN_ALERT_SINK_ALLOW_HTTP", false),
        TrustedProxies.parse(env.get("HUXIN_TRUSTED_PROXIES")),
        boolVar(env, "HUXIN_HTTP2_CLEARTEXT", false),
        HttpLimits.fromEnv(env),
        StaffPolicy.fromEnv(env),
        ManagementSettings.fromEnv(env));
  }

  private static String hostName() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "node";
    }
  }

  private static boolean boolVar(Map<String, String> env, String name, boolean fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new IllegalArgumentException(name + " must be true or false, got '" + value + "'");
    };
  }

  private static int intVar(Map<String, String> env, String name, int fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }
}
