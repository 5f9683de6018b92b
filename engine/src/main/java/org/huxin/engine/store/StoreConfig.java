package org.huxin.engine.store;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the store lives and as whom it is reached. Either {@code jdbcUrl} names an external
 * PostgreSQL ({@code user} and {@code password} may be null when the URL carries them), or {@code
 * embeddedDataDir} and {@code embeddedPort} say where the embedded server keeps its data and
 * listens (its roles and passwords are its own, see {@link EmbeddedPostgresServer}).
 *
 * <p>Two roles: {@code user} is the application's (a member of {@code huxin_app}, which may append
 * to the audit trail but not change it), {@code ownerUser} owns the schema and runs the migrations
 * and the offline jobs. Without an owner the application's role does both, as before V16, and the
 * audit trail is then only as safe as that role. Statements time out on the server after {@code
 * statementTimeoutSeconds} (offline jobs: {@code jobStatementTimeoutSeconds}; 0 means never), and a
 * read from a server that stopped answering fails after {@code socketTimeoutSeconds}.
 */
public record StoreConfig(
    String jdbcUrl,
    String user,
    String password,
    String ownerUser,
    String ownerPassword,
    Path embeddedDataDir,
    int embeddedPort,
    int poolSize,
    int statementTimeoutSeconds,
    int jobStatementTimeoutSeconds,
    int socketTimeoutSeconds) {

  public static final int DEFAULT_EMBEDDED_PORT = 54329;
  public static final int DEFAULT_POOL_SIZE = 4;
  public static final int DEFAULT_STATEMENT_TIMEOUT_SECONDS = 30;
  public static final int DEFAULT_JOB_STATEMENT_TIMEOUT_SECONDS = 6 * 3600;
  public static final int DEFAULT_SOCKET_TIMEOUT_SECONDS = 60;

  public StoreConfig {
    if ((jdbcUrl == null) == (embeddedDataDir == null)) {
      throw new IllegalArgumentException(
          "give exactly one of jdbcUrl (external PostgreSQL) or embeddedDataDir (embedded)");
    }
    if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:postgresql://")) {
      throw new IllegalArgumentException(
          "PG_URL must start with jdbc:postgresql:// or postgres://, got " + redact(jdbcUrl));
    }
    if (embeddedDataDir != null && (embeddedPort < 1 || embeddedPort > 65535)) {
      throw new IllegalArgumentException(
          "HUXIN_PG_PORT must be a port number 1..65535, got " + embeddedPort);
    }
    if (poolSize < 1 || poolSize > 1000) {
      throw new IllegalArgumentException("HUXIN_PG_JDBC_POOL must be 1..1000, got " + poolSize);
    }
    if (statementTimeoutSeconds < 1 || statementTimeoutSeconds > 3600) {
      throw new IllegalArgumentException(
          "HUXIN_PG_STATEMENT_TIMEOUT_S must be 1..3600 seconds, got " + statementTimeoutSeconds);
    }
    if (jobStatementTimeoutSeconds < 0) {
      throw new IllegalArgumentException(
          "HUXIN_PG_JOB_STATEMENT_TIMEOUT_S must be 0 (none) or more seconds, got "
              + jobStatementTimeoutSeconds);
    }
    if (socketTimeoutSeconds <= statementTimeoutSeconds) {
      throw new IllegalArgumentException(
          "HUXIN_PG_SOCKET_TIMEOUT_S must be longer than HUXIN_PG_STATEMENT_TIMEOUT_S ("
              + statementTimeoutSeconds
              + " s), so that the server cancels a slow statement before the client gives up on"
              + " the connection; got "
              + socketTimeoutSeconds);
    }
    if (ownerUser == null && ownerPassword != null) {
      throw new IllegalArgumentException("PG_OWNER_PASSWORD is set but PG_OWNER_USER is not");
    }
  }

  /** An external server reached as one role (no separate owner) with the default timeouts. */
  public static StoreConfig external(String jdbcUrl, String user, String password, int poolSize) {
    return new StoreConfig(
        toJdbcUrl(jdbcUrl),
        user,
        password,
        null,
        null,
        null,
        0,
        poolSize,
        DEFAULT_STATEMENT_TIMEOUT_SECONDS,
        DEFAULT_JOB_STATEMENT_TIMEOUT_SECONDS,
        DEFAULT_SOCKET_TIMEOUT_SECONDS);
  }

  /** The embedded server with its data in {@code dataDir}, with the default timeouts. */
  public static StoreConfig embedded(Path dataDir, int port, int poolSize) {
    return new StoreConfig(
        null,
        null,
        null,
        null,
        null,
        dataDir,
        port,
        poolSize,
        DEFAULT_STATEMENT_TIMEOUT_SECONDS,
        DEFAULT_JOB_STATEMENT_TIMEOUT_SECONDS,
        DEFAULT_SOCKET_TIMEOUT_SECONDS);
  }

  /** This config with the schema owner that runs migrations and offline jobs. */
  public StoreConfig withOwner(String owner, String ownerSecret) {
    return new StoreConfig(
        jdbcUrl,
        user,
        password,
        owner,
        ownerSecret,
        embeddedDataDir,
        embeddedPort,
        poolSize,
        statementTimeoutSeconds,
        jobStatementTimeoutSeconds,
        socketTimeoutSeconds);
  }

  /** This config with other timeouts (seconds; a job timeout of 0 means none). */
  public StoreConfig withTimeouts(int statement, int jobStatement, int socket) {
    return new StoreConfig(
        jdbcUrl,
        user,
        password,
        ownerUser,
        ownerPassword,
        embeddedDataDir,
        embeddedPort,
        poolSize,
        statement,
        jobStatement,
        socket);
  }

  /**
   * Reads {@code PG_URL} (jdbc:postgresql:// or postgres:// form), {@code PG_USER}, {@code
   * PG_PASSWORD} (or {@code PG_PASSWORD_FILE}), {@code PG_OWNER_USER}, {@code PG_OWNER_PASSWORD}
   * (or {@code PG_OWNER_PASSWORD_FILE}), {@code HUXIN_PG_PORT}, {@code HUXIN_PG_JDBC_POOL} and the
   * timeouts {@code HUXIN_PG_STATEMENT_TIMEOUT_S}, {@code HUXIN_PG_JOB_STATEMENT_TIMEOUT_S} and
   * {@code HUXIN_PG_SOCKET_TIMEOUT_S}. Without {@code PG_URL} the embedded server keeps its data in
   * {@code home/pgdata}. Blank values count as absent.
   */
  public static StoreConfig fromEnv(Map<String, String> env, Path home) {
    Objects.requireNonNull(env, "env");
    int pool = intOf(env, "HUXIN_PG_JDBC_POOL", DEFAULT_POOL_SIZE);
    int statement = intOf(env, "HUXIN_PG_STATEMENT_TIMEOUT_S", DEFAULT_STATEMENT_TIMEOUT_SECONDS);
    int job = intOf(env, "HUXIN_PG_JOB_STATEMENT_TIMEOUT_S", DEFAULT_JOB_STATEMENT_TIMEOUT_SECONDS);
    int socket =
        intOf(
            env,
            "HUXIN_PG_SOCKET_TIMEOUT_S",
            Math.max(DEFAULT_SOCKET_TIMEOUT_SECONDS, statement + 30));
    String url = valueOf(env, "PG_URL");
    if (url == null) {
      Objects.requireNonNull(home, "home");
      for (String external : new String[] {"PG_USER", "PG_OWNER_USER"}) {
        if (valueOf(env, external) != null) {
          throw new IllegalArgumentException(
              external + " is set but PG_URL is not; the embedded PostgreSQL has its own roles");
        }
      }
      return embedded(
              home.resolve("pgdata"), intOf(env, "HUXIN_PG_PORT", DEFAULT_EMBEDDED_PORT), pool)
          .withTimeouts(statement, job, socket);
    }
    String user = valueOf(env, "PG_USER");
    String password = secretOf(env, "PG_PASSWORD");
    if (!url.startsWith("jdbc:")) {
      String[] userInfo = userInfo(url);
      user = user != null ? user : userInfo[0];
      password = password != null ? password : userInfo[1];
    }
    return external(url, user, password, pool)
        .withOwner(valueOf(env, "PG_OWNER_USER"), secretOf(env, "PG_OWNER_PASSWORD"))
        .withTimeouts(statement, job, socket);
  }

  /** {@code name}, or the first line of the file named by {@code name_FILE}. */
  private static String secretOf(Map<String, String> env, String name) {
    String value = valueOf(env, name);
    String file = valueOf(env, name + "_FILE");
    if (value != null && file != null) {
      throw new IllegalArgumentException("set " + name + " or " + name + "_FILE, not both");
    }
    if (file == null) {
      return value;
    }
    try {
      String content = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
      int newline = content.indexOf('\n');
      String secret = newline < 0 ? content : content.substring(0, newline).strip();
      if (secret.isEmpty()) {
        throw new IllegalArgumentException(name + "_FILE " + file + " is empty");
      }
      return secret;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          name + "_FILE " + file + " cannot be read: " + e.getMessage(), e);
    }
  }

  /** The role migrations and offline jobs connect as: the owner, else the application's role. */
  public String migrationUser() {
    return ownerUser != null ? ownerUser : user;
  }

  /** The password of {@link #migrationUser()}. */
  public String migrationPassword() {
    return ownerUser != null ? ownerPassword : password;
  }

  public boolean embedded() {
    return jdbcUrl == null;
  }

  /**
   * Converts {@code postgres://user:pw@host:port/db?opts} (or {@code postgresql://}) to {@code
   * jdbc:postgresql://host:port/db?opts}; user and password are taken separately by {@link
   * #fromEnv}. A jdbc URL is returned as it is.
   */
  static String toJdbcUrl(String url) {
    Objects.requireNonNull(url, "url");
    if (url.startsWith("jdbc:")) {
      return url;
    }
    URI uri = parse(url);
    String authority = uri.getRawAuthority();
    int at = authority.lastIndexOf('@');
    String hostPort = at >= 0 ? authority.substring(at + 1) : authority;
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return "jdbc:postgresql://" + hostPort + path + query;
  }

  private static String[] userInfo(String url) {
    String info = parse(url).getRawUserInfo();
    if (info == null) {
      return new String[] {null, null};
    }
    int colon = info.indexOf(':');
    String user = colon >= 0 ? info.substring(0, colon) : info;
    String password = colon >= 0 ? info.substring(colon + 1) : null;
    return new String[] {decode(user), password == null ? null : decode(password)};
  }

  private static URI parse(String url) {
    if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
      throw new IllegalArgumentException(
          "PG_URL must start with jdbc:postgresql:// or postgres://, got " + redact(url));
    }
    try {
      URI uri = new URI(url);
      if (uri.getRawAuthority() == null) {
        throw new IllegalArgumentException("PG_URL has no host: " + redact(url));
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          "PG_URL is not a valid URL (" + e.getReason() + "): " + redact(url), e);
    }
  }

  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }

  private static String valueOf(Map<String, String> env, String name) {
    String value = env.get(name);
    return value == null || value.isBlank() ? null : value.trim();
  }

  static int intOf(Map<String, String> env, String name, int fallback) {
    String value = valueOf(env, name);
    if (value == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(name + " must be a whole number, got '" + value + "'", e);
    }
  }

  /** Hides a password in a URL of either form, for messages. */
  static String redact(String url) {
    return url.replaceAll("://([^:/@]*):[^@/]*@", "://$1:***@")
        .replaceAll("(?i)(password=)[^&]*", "$1***");
  }

  @Override
  public String toString() {
    return embedded()
        ? "StoreConfig[embedded "
            + embeddedDataDir
            + " port "
            + embeddedPort
            + ", pool "
            + poolSize
            + "]"
        : "StoreConfig["
            + redact(jdbcUrl)
            + " user "
            + user
            + (ownerUser == null ? "" : ", owner " + ownerUser)
            + ", pool "
            + poolSize
            + "]";
  }
}
