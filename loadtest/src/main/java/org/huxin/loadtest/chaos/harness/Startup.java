package org.huxin.loadtest.chaos.harness;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.loadtest.Rehearsal;

/**
 * Brings a fault run up, in this order: PostgreSQL; the seeded city (its students, one staff
 * account, a city-wide window); the gateways' role {@code huxin_gw}; the delaying proxy in front of
 * PostgreSQL; the webhook receiver, a WeCom robot stand-in on loopback in its own process; three
 * gateway nodes, waited for until ready; and every district's own alert channel pointed at the
 * receiver (no school has one, so deliveries go to the district's), configured through the staff
 * API as an admin would in 预警通知. Any step that fails stops the run.
 */
public final class Startup {
  private static final Pattern WINDOW = Pattern.compile(" window=(\\d+)");
  private static final Pattern SEED = Pattern.compile(" seed=(\\d+)");
  private static final SecureRandom RANDOM = new SecureRandom();

  private Startup() {}

  /** {@code n} random bytes in base64. */
  public static String randomBase64(int n) {
    byte[] bytes = new byte[n];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static ChaosContext start(
      RunSettings settings,
      Ports ports,
      RunFolder folder,
      Programs programs,
      Launcher launcher,
      Map<String, String> runEnv)
      throws IOException, InterruptedException, SQLException {
    Path out = folder.out();
    Waits waits = new Waits(out);
    Postgres postgres = new Postgres(launcher, folder, ports, waits);
    postgres.start(false);
    if (!postgres.awaitListening(120, "PostgreSQL")) {
      throw new RunStopped("PostgreSQL was not ready");
    }
    TimeUnit.SECONDS.sleep(1);

    Log.info("seeding " + settings.students() + " students");
    int seeded =
        launcher
            .java("-Xmx1g", "-XX:+UseParallelGC")
            .env("PG_URL", postgres.directUrl())
            .env("PG_USER", "postgres")
            .env("PG_PASSWORD_FILE", postgres.ownerPasswordFile())
            .main(
                Rehearsal.class,
                "--students",
                settings.students(),
                "--feeder",
                folder.file("students.csv"),
                "--staff",
                1,
                "--staff-feeder",
                folder.file("staff.csv"))
            .stdout(folder.file("seed.log"))
            .run();
    if (seeded != 0) {
      throw new RunStopped("seeding exited " + seeded + "; see " + folder.file("seed.log"));
    }
    String seedLine = seedLine(folder.file("seed.log"));
    long window = Long.parseLong(group(WINDOW, seedLine));
    long seed = Long.parseLong(group(SEED, seedLine));
    String gatewayPassword = randomBase64(18).replaceAll("[/+=]", "");
    grantGatewayRole(postgres, gatewayPassword);

    launcher
        .java(
            "-Xmx96m",
            "-XX:+UseSerialGC",
            "-Xlog:gc:file=" + folder.file("gc-proxy.log") + ":time,uptime")
        .main(
            programs.proxy(),
            "--listen",
            ports.proxy(),
            "--target",
            "127.0.0.1:" + ports.postgres(),
            "--control-port",
            ports.proxyControl())
        .log(folder.file("proxy.log"))
        .start(Launcher.Tier.HELPER);
    waits.require(30, "the delay proxy", () -> Waits.listening(ports.proxyControl()));

    launcher
        .java("-Xmx64m", "-XX:+UseSerialGC")
        .main(programs.webhook(), "--port", ports.webhook(), "--out", folder.file("webhook.jsonl"))
        .log(folder.file("webhook.log"))
        .start(Launcher.Tier.HELPER);
    waits.require(30, "the webhook receiver", () -> Waits.listening(ports.webhook()));
    ChaosContext.StaffLogin staff = staffLogin(folder.file("staff.csv"));

    GatewayNodes nodes = new GatewayNodes(launcher, folder, ports, waits, gatewayPassword, runEnv);
    for (int i = 0; i < nodes.count(); i++) {
      nodes.start(i);
    }
    for (int i = 0; i < nodes.count(); i++) {
      if (!nodes.awaitReady(i, "gateway " + i)) {
        throw new RunStopped("gateway " + i + " was not ready");
      }
    }
    Log.info(nodes.count() + " gateway nodes ready: " + nodes.bases());

    pointRobotsAtReceiver(postgres, nodes, ports, staff);
    Log.info("alert channels: one WeCom robot per district at 127.0.0.1:" + ports.webhook());

    Drivers drivers = new Drivers(launcher, folder, programs.driver(), nodes.bases(), seed);
    Checks checks = new Checks(launcher, folder, postgres, programs.check(), window);
    return new ChaosContext(
        settings,
        folder,
        launcher,
        programs,
        waits,
        nodes,
        postgres,
        new DelayControl(ports.proxyControl()),
        drivers,
        checks,
        window,
        staff);
  }

  /** The seed's {@code REHEARSAL ... window=W ... seed=S} line. */
  private static String seedLine(Path seedLog) throws IOException {
    return Files.readAllLines(seedLog, StandardCharsets.UTF_8).stream()
        .filter(l -> l.startsWith("REHEARSAL "))
        .reduce((first, second) -> second)
        .orElseThrow(() -> new RunStopped("no REHEARSAL line in " + seedLog));
  }

  private static String group(Pattern p, String line) {
    Matcher m = p.matcher(line);
    if (!m.find()) {
      throw new RunStopped("the seed's line lacks " + p.pattern() + ": " + line);
    }
    return m.group(1);
  }

  /** The gateways sign in as an ordinary role, so that a REVOKE can take the alert relay down. */
  private static void grantGatewayRole(Postgres postgres, String password)
      throws SQLException, IOException {
    postgres.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'huxin_gw') THEN"
            + " CREATE ROLE huxin_gw LOGIN; END IF; END $$;",
        // base64 without / + =: nothing to quote
        "ALTER ROLE huxin_gw PASSWORD '" + password + "'",
        "GRANT USAGE ON SCHEMA public TO huxin_gw",
        "GRANT ALL ON ALL TABLES IN SCHEMA public TO huxin_gw",
        "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO huxin_gw");
  }

  /** Row 2 of the staff feeder: {@code username,password,...}. */
  private static ChaosContext.StaffLogin staffLogin(Path staffCsv) throws IOException {
    List<String> lines = Files.readAllLines(staffCsv, StandardCharsets.UTF_8);
    String[] f = lines.size() > 1 ? lines.get(1).split(",", -1) : new String[0];
    return new ChaosContext.StaffLogin(f.length > 0 ? f[0] : "", f.length > 1 ? f[1] : "");
  }

  private static void pointRobotsAtReceiver(
      Postgres postgres, GatewayNodes nodes, Ports ports, ChaosContext.StaffLogin staff)
      throws IOException, InterruptedException, SQLException {
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    String base = nodes.base(0);
    HttpResponse<String> login =
        post(
            http,
            base,
            "/api/staff/login",
            null,
            new JsonObject().put("username", staff.username()).put("password", staff.password()));
    String cookie =
        login.headers().allValues("set-cookie").stream()
            .map(c -> c.split(";", 2)[0])
            .reduce((a, b) -> a + "; " + b)
            .orElseThrow(() -> new RunStopped("the staff sign-in set no session cookie"));
    List<Long> districts = new ArrayList<>();
    try (Connection c = postgres.superuser();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT id FROM district ORDER BY id")) {
      while (rs.next()) {
        districts.add(rs.getLong(1));
      }
    }
    for (long d : districts) {
      post(
          http,
          base,
          "/api/staff/alert-channels",
          cookie,
          new JsonObject()
              .put("kind", "wecom")
              .put("name", "chaos robot " + d)
              .put("districtId", d)
              .put(
                  "url",
                  "http://127.0.0.1:" + ports.webhook() + "/cgi-bin/webhook/send?key=chaos-" + d));
    }
  }

  /** A staff API POST from the console's origin; anything but 2xx or 3xx stops the run. */
  private static HttpResponse<String> post(
      HttpClient http, String base, String path, String cookie, JsonObject body)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .header("Origin", base)
            .POST(HttpRequest.BodyPublishers.ofString(body.encode()));
    if (cookie != null) {
      b.header("Cookie", cookie);
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 400) {
      throw new RunStopped(path + " answered " + r.statusCode());
    }
    return r;
  }
}
