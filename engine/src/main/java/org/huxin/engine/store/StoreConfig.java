package org.huxin.engine.store;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where the store lives. Either {@code jdbcUrl} names an external PostgreSQL ({@code user} and
 * {@code password} may be null when the URL carries them), or {@code embeddedDataDir} and {@code
 * embeddedPort} say where the embedded server keeps its data and listens.
 */
public record StoreConfig(
    String jdbcUrl,
    String user,
    String password,
    Path embeddedDataDir,
    int embeddedPort,
    int poolSize) {

  public static final int DEFAULT_EMBEDDED_PORT = 54329;
  public static final int DEFAULT_POOL_SIZE = 8;

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
      throw new IllegalArgumentException("HUXIN_PG_POOL must be 1..1000, got " + poolSize);
    }
  }

  /** An external server. */
  public static StoreConfig external(String jdbcUrl, String user, String password, int poolSize) {
    return new StoreConfig(toJdbcUrl(jdbcUrl), user, password, null, 0, poolSize);
  }

  /** The embedded server with its data in {@code dataDir}. */
  public static StoreConfig embedded(Path dataDir, int port, int poolSize) {
    return new StoreConfig(null, null, null, dataDir, port, poolSize);
  }

  /**
   * Reads {@code PG_URL} (jdbc:postgresql:// or postgres:// form), {@code PG_USER}, {@code
   * PG_PASSWORD}, {@code HUXIN_PG_PORT} and {@code HUXIN_PG_POOL}. Without {@code PG_URL} the
   * embedded server keeps its data in {@code home/pgdata}. Blank values count as absent.
   */
  public static StoreConfig fromEnv(Map<String, String> env, Path home) {
    Objects.requireNonNull(env, "env");
    int pool = intOf(env, "HUXIN_PG_POOL", DEFAULT_POOL_SIZE);
    String url = valueOf(env, "PG_URL");
    if (url == null) {
      Objects.requireNonNull(home, "home");
      return embedded(
          home.resolve("pgdata"), intOf(env, "HUXIN_PG_PORT", DEFAULT_EMBEDDED_PORT), pool);
    }
    String user = valueOf(env, "PG_USER");
    String password = valueOf(env, "PG_PASSWORD");
    if (!url.startsWith("jdbc:")) {
      String[] userInfo = userInfo(url);
      user = user != null ? user : userInfo[0];
      password = password != null ? password : userInfo[1];
    }
    return external(url, user, password, pool);
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

  private static int intOf(Map<String, String> env, String name, int fallback) {
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
        : "StoreConfig[" + redact(jdbcUrl) + " user " + user + ", pool " + poolSize + "]";
  }
}
