package org.huxin.gateway.http;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Headers every response carries, chosen when its headers are written, by what it turned out to be.
 * A page, stylesheet, script, slip or download gets a CSP that allows no inline script or style, no
 * sniffing, no framing and no referrer. A JSON answer gets the API set OWASP recommends: a CSP that
 * allows nothing at all ({@code default-src 'none'; frame-ancestors 'none'}), no sniffing and no
 * framing. It is a third the size, which matters on a million logins. When people reach the gateway
 * over https ({@code HUXIN_PUBLIC_URL}), every answer also carries HSTS for a year, so a browser
 * that has been there once never again tries plain http, where a café's network could strip the TLS
 * off a student's login.
 */
public final class SecurityHeaders implements Handler<RoutingContext> {
  private static final CharSequence CSP = HttpHeaders.createOptimized("Content-Security-Policy");
  private static final CharSequence PAGE_CSP =
      HttpHeaders.createOptimized(
          "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              + "connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
  private static final CharSequence API_CSP =
      HttpHeaders.createOptimized("default-src 'none'; frame-ancestors 'none'");
  private static final CharSequence NOSNIFF_NAME =
      HttpHeaders.createOptimized("X-Content-Type-Options");
  private static final CharSequence NOSNIFF = HttpHeaders.createOptimized("nosniff");
  private static final CharSequence FRAME_NAME = HttpHeaders.createOptimized("X-Frame-Options");
  private static final CharSequence DENY = HttpHeaders.createOptimized("DENY");
  private static final CharSequence REFERRER_NAME = HttpHeaders.createOptimized("Referrer-Policy");
  private static final CharSequence NO_REFERRER = HttpHeaders.createOptimized("no-referrer");
  private static final CharSequence HSTS_NAME =
      HttpHeaders.createOptimized("Strict-Transport-Security");
  private static final CharSequence HSTS =
      HttpHeaders.createOptimized("max-age=31536000; includeSubDomains");
  private static final String JSON = "application/json";

  private final boolean hsts;

  /**
   * @param hsts whether to send {@code Strict-Transport-Security} (the public URL is https)
   */
  public SecurityHeaders(boolean hsts) {
    this.hsts = hsts;
  }

  @Override
  public void handle(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> add(ctx.response().headers()));
    ctx.next();
  }

  private void add(MultiMap headers) {
    if (hsts) {
      headers.set(HSTS_NAME, HSTS);
    }
    String type = headers.get(HttpHeaders.CONTENT_TYPE);
    if (type != null && type.regionMatches(true, 0, JSON, 0, JSON.length())) {
      headers.set(CSP, API_CSP).set(NOSNIFF_NAME, NOSNIFF).set(FRAME_NAME, DENY);
    } else {
      headers
          .set(CSP, PAGE_CSP)
          .set(NOSNIFF_NAME, NOSNIFF)
          .set(FRAME_NAME, DENY)
          .set(REFERRER_NAME, NO_REFERRER);
    }
  }
}
