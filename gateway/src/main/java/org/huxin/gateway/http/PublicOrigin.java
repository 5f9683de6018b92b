package org.huxin.gateway.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The origin ({@code scheme://host[:port]}) of {@code HUXIN_PUBLIC_URL}, the address people type.
 * The console's requests are checked against it rather than against the {@code Host} header, which
 * a reverse proxy rewrites to the upstream's address by default (nginx sends {@code $proxy_host}).
 * Origins are compared in one spelling: scheme and host in lower case, the default port (80 for
 * http, 443 for https) left out, so {@code https://Huxin.Example:443} is {@code
 * https://huxin.example}.
 */
public final class PublicOrigin {
  private final String origin;
  private final boolean https;

  private PublicOrigin(String origin, boolean https) {
    this.origin = origin;
    this.https = https;
  }

  /**
   * Parses {@code HUXIN_PUBLIC_URL}: http or https, a host, an optional port, and nothing after it
   * but an optional {@code /}.
   *
   * @throws IllegalArgumentException naming what is wrong with the value
   */
  public static PublicOrigin parse(String publicUrl) {
    String problem = null;
    URI uri = null;
    if (publicUrl == null || publicUrl.isBlank()) {
      problem = "is empty";
    } else {
      try {
        uri = new URI(publicUrl.trim());
      } catch (URISyntaxException e) {
        problem = "is not a URL (" + e.getReason() + ")";
      }
    }
    if (uri != null) {
      String path = uri.getRawPath();
      if (uri.getHost() == null || !isWeb(uri.getScheme())) {
        problem = "must start with http:// or https:// and name a host";
      } else if (uri.getRawUserInfo() != null) {
        problem = "must not carry a user name or password";
      } else if ((path != null && !path.isEmpty() && !path.equals("/"))
          || uri.getRawQuery() != null
          || uri.getRawFragment() != null) {
        problem = "must have no path, query or fragment: the gateway is served from the root";
      }
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "HUXIN_PUBLIC_URL "
              + problem
              + ", got '"
              + publicUrl
              + "'; write it as people type it, e.g. https://huxin.example.edu.cn");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    return new PublicOrigin(spell(scheme, uri.getHost(), uri.getPort()), scheme.equals("https"));
  }

  /** {@code scheme://host[:port]} in the canonical spelling. */
  public String origin() {
    return origin;
  }

  /** Whether people reach the gateway over https (then HSTS is sent and cookies are Secure). */
  public boolean https() {
    return https;
  }

  /**
   * Whether {@code url}, an {@code Origin} header or the origin part of a {@code Referer}, is this
   * origin; false for null, {@code null} (an opaque origin), and anything that is not an http(s)
   * URL with a host and no user part.
   */
  public boolean matches(String url) {
    String other = originOf(url);
    return other != null && other.equals(origin);
  }

  /** The canonical {@code scheme://host[:port]} of {@code url}, or null when it names none. */
  static String originOf(String url) {
    if (url == null) {
      return null;
    }
    try {
      URI uri = new URI(url.trim());
      if (uri.getHost() == null || !isWeb(uri.getScheme()) || uri.getRawUserInfo() != null) {
        return null;
      }
      return spell(uri.getScheme().toLowerCase(Locale.ROOT), uri.getHost(), uri.getPort());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private static boolean isWeb(String scheme) {
    return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
  }

  private static String spell(String scheme, String host, int port) {
    boolean defaultPort =
        port < 0
            || (scheme.equals("http") && port == 80)
            || (scheme.equals("https") && port == 443);
    String h = host.toLowerCase(Locale.ROOT);
    return defaultPort ? scheme + "://" + h : scheme + "://" + h + ":" + port;
  }

  @Override
  public String toString() {
    return origin;
  }
}
