package org.huxin.engine.alerts;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The rules for an alert channel's URL, kept in one place for the API that stores it and the
 * senders that use it. A robot webhook carries its key or access token in the query string and an
 * SMS gateway often its credentials, so the URL is a secret: it is stored encrypted, shown to staff
 * as scheme and host only ({@link #shown}), never logged, and sent over HTTPS only. Plain {@code
 * http} would put the key on the wire in clear text; it is refused unless the deployment sets
 * {@code HUXIN_ALERT_SINK_ALLOW_HTTP=true} (tests and a gateway on the same host as the sink).
 */
public final class ChannelUrl {

  /** The longest URL accepted. */
  public static final int MAX_LENGTH = 2048;

  private ChannelUrl() {}

  /**
   * The parsed URL if it is an absolute https (or, with {@code allowHttp}, http) URL with a host
   * and no user info; otherwise an {@link IllegalArgumentException} whose message never quotes the
   * URL.
   */
  public static URI check(String url, boolean allowHttp) {
    if (url == null || url.isBlank()) {
      throw new IllegalArgumentException("the URL is missing");
    }
    if (url.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("the URL is longer than " + MAX_LENGTH + " characters");
    }
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("the URL is not a valid URL", e);
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawUserInfo() != null) {
      throw new IllegalArgumentException("the URL must be absolute, with a host and no user name");
    }
    if (scheme.equals("http")) {
      if (!allowHttp) {
        throw new IllegalArgumentException(
            "the URL must use https: a webhook URL carries its key, which plain http would send"
                + " in clear text (HUXIN_ALERT_SINK_ALLOW_HTTP=true allows http)");
      }
    } else if (!scheme.equals("https")) {
      throw new IllegalArgumentException("the URL must use https");
    }
    return uri;
  }

  /**
   * Scheme and host (and port) followed by an ellipsis, e.g. {@code https://oapi.dingtalk.com/…}.
   */
  public static String shown(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + port + "/…";
  }
}
