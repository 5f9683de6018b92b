package org.huxin.gateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.huxin.testsupport.Eventually;

/**
 * Debian's nginx running the shipped site file ({@code gateway/deploy/nginx/huxin.conf}) in front
 * of test gateways, with a self-signed certificate made by {@code openssl}. The test copy differs
 * from the shipped file only where a test machine must: listen ports on loopback (no IPv6 listen),
 * certificate paths, the upstream servers and the access log path. Each substitution must find its
 * text, so a change to the shipped file that the test would silently miss fails here instead.
 *
 * <p>nginx runs in the foreground as the current user (as root, workers run as root too: they read
 * the temporary certificate), with its pid, logs and temporary files in a temporary folder. A
 * machine without nginx fails loudly: this test is never skipped ({@code .ci/run} installs it).
 */
public final class Nginx implements AutoCloseable {
  /** Debian's nginx. */
  public static final Path EXECUTABLE = Paths.get("/usr/sbin/nginx");

  /** The shipped site file, from the gateway module's folder (surefire's working directory). */
  public static final Path SITE_FILE =
      Paths.get(System.getProperty("basedir", "."), "deploy", "nginx", "huxin.conf");

  /** The public host name of the shipped file, also the certificate's name. */
  public static final String SERVER_NAME = "huxin.example.edu.cn";

  private final Process process;
  private final Path dir;
  private final int httpsPort;
  private final int httpPort;

  private Nginx(Process process, Path dir, int httpsPort, int httpPort) {
    this.process = process;
    this.dir = dir;
    this.httpsPort = httpsPort;
    this.httpPort = httpPort;
  }

  /**
   * Starts nginx on loopback port {@code httpsPort} (TLS) and a free plain-http port, proxying to
   * the gateways on {@code upstreamPorts} of 127.0.0.1; returns once it accepts connections.
   */
  public static Nginx start(int httpsPort, List<Integer> upstreamPorts) {
    return start(SITE_FILE, httpsPort, upstreamPorts);
  }

  /**
   * As {@link #start(int, List)} with the site file at {@code siteFile} (the copy in a release
   * tarball), which must read as the shipped one does.
   */
  public static Nginx start(Path siteFile, int httpsPort, List<Integer> upstreamPorts) {
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(
          "the reverse-proxy test needs Debian's nginx at "
              + EXECUTABLE
              + ": install it with `apt-get install nginx` (.ci/run does)");
    }
    try {
      Path dir = Files.createTempDirectory("huxin-nginx");
      for (String sub : List.of("logs", "body", "proxy", "fastcgi", "uwsgi", "scgi")) {
        Files.createDirectories(dir.resolve(sub));
      }
      certificate(dir);
      int httpPort = GatewayFixture.freePort();
      Path conf = dir.resolve("nginx.conf");
      Files.writeString(
          conf, mainConf(dir, site(siteFile, dir, httpsPort, httpPort, upstreamPorts)));
      Process process =
          new ProcessBuilder(
                  EXECUTABLE.toString(),
                  "-p",
                  dir.toString(),
                  "-e",
                  dir.resolve("logs/error.log").toString(),
                  "-c",
                  conf.toString(),
                  "-g",
                  "daemon off;")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("logs/stdout.log").toFile())
              .start();
      Nginx nginx = new Nginx(process, dir, httpsPort, httpPort);
      nginx.awaitListening(Duration.ofSeconds(15));
      return nginx;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The shipped site file with this test's ports, certificate, upstreams and log path. */
  static String site(
      Path siteFile, Path dir, int httpsPort, int httpPort, List<Integer> upstreamPorts)
      throws IOException {
    String site = Files.readString(siteFile);
    StringBuilder upstreams = new StringBuilder();
    for (int port : upstreamPorts) {
      upstreams
          .append("    server 127.0.0.1:")
          .append(port)
          .append(" max_fails=3 fail_timeout=10s;\n");
    }
    site = replace(siteFile, site, "    listen [::]:80;\n", "");
    site = replace(siteFile, site, "    listen [::]:443 ssl http2;\n", "");
    site = replace(siteFile, site, "    listen 80;", "    listen 127.0.0.1:" + httpPort + ";");
    site =
        replace(
            siteFile,
            site,
            "    listen 443 ssl http2;",
            "    listen 127.0.0.1:" + httpsPort + " ssl http2;");
    site =
        replace(siteFile, site, "/etc/ssl/huxin/fullchain.pem", dir.resolve("cert.pem").toString());
    site = replace(siteFile, site, "/etc/ssl/huxin/privkey.pem", dir.resolve("key.pem").toString());
    site =
        replace(
            siteFile,
            site,
            "    server 10.0.1.11:8080 max_fails=3 fail_timeout=10s;\n"
                + "    server 10.0.1.12:8080 max_fails=3 fail_timeout=10s;\n",
            upstreams.toString());
    site =
        replace(
            siteFile,
            site,
            "/var/log/nginx/huxin.access.log",
            dir.resolve("logs/access.log").toString());
    return site;
  }

  /** The frame Debian's {@code /etc/nginx/nginx.conf} puts around a site file. */
  private static String mainConf(Path dir, String site) {
    boolean root = "root".equals(System.getProperty("user.name"));
    return (root ? "user root;\n" : "")
        + "worker_processes 1;\n"
        + "pid "
        + dir.resolve("nginx.pid")
        + ";\n"
        + "error_log "
        + dir.resolve("logs/error.log")
        + " warn;\n"
        + "events { worker_connections 4096; }\n"
        + "http {\n"
        + "  include /etc/nginx/mime.types;\n"
        + "  default_type application/octet-stream;\n"
        + "  sendfile on;\n"
        + "  gzip on;\n"
        + "  client_body_temp_path "
        + dir.resolve("body")
        + ";\n"
        + "  proxy_temp_path "
        + dir.resolve("proxy")
        + ";\n"
        + "  fastcgi_temp_path "
        + dir.resolve("fastcgi")
        + ";\n"
        + "  uwsgi_temp_path "
        + dir.resolve("uwsgi")
        + ";\n"
        + "  scgi_temp_path "
        + dir.resolve("scgi")
        + ";\n"
        + site
        + "\n}\n";
  }

  private static String replace(Path siteFile, String text, String what, String with) {
    if (!text.contains(what)) {
      throw new IllegalStateException(
          siteFile + " no longer contains '" + what.strip() + "': update Nginx.site");
    }
    return text.replace(what, with);
  }

  /** A self-signed certificate for {@link #SERVER_NAME} and 127.0.0.1, valid for two days. */
  private static void certificate(Path dir) throws IOException {
    run(
        dir,
        "openssl",
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + SERVER_NAME,
        "-addext",
        "subjectAltName=DNS:" + SERVER_NAME + ",IP:127.0.0.1",
        "-keyout",
        dir.resolve("key.pem").toString(),
        "-out",
        dir.resolve("cert.pem").toString());
  }

  private static void run(Path dir, String... command) throws IOException {
    Path out = dir.resolve("logs/" + command[0] + ".log");
    Process p =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
    try {
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        throw new IllegalStateException(
            String.join(" ", command) + " failed: " + Files.readString(out));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitListening(Duration within) throws IOException {
    try {
      Eventually.await("nginx listening", within, () -> !process.isAlive() || listening());
    } catch (AssertionError e) {
      String log = errorLog();
      close();
      throw new IllegalStateException("nginx did not listen within " + within + ": " + log, e);
    }
    if (!process.isAlive()) {
      String log = errorLog();
      close();
      throw new IllegalStateException("nginx exited at start: " + log);
    }
  }

  private boolean listening() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", httpsPort), 200);
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  /** The TLS port. */
  public int httpsPort() {
    return httpsPort;
  }

  /** The plain-http port, which only redirects. */
  public int httpPort() {
    return httpPort;
  }

  /** The self-signed certificate clients trust (PEM). */
  public Path certificate() {
    return dir.resolve("cert.pem");
  }

  /** The lines of the access log written so far. */
  public List<String> accessLog() {
    try {
      Path log = dir.resolve("logs/access.log");
      return Files.exists(log) ? Files.readAllLines(log) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** nginx's error log, for failure messages. */
  public String errorLog() {
    try {
      Path log = dir.resolve("logs/error.log");
      Path out = dir.resolve("logs/stdout.log");
      return (Files.exists(log) ? Files.readString(log) : "")
          + (Files.exists(out) ? Files.readString(out, StandardCharsets.UTF_8) : "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Stops nginx (TERM: fast shutdown) and removes its folder. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(dir)) {
      List<Path> all = new ArrayList<>(files.sorted(Comparator.reverseOrder()).toList());
      for (Path p : all) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      // a leftover temporary folder is no test failure
    }
  }
}
