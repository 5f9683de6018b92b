package org.huxin.gateway.questionnaires;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.huxin.gateway.http.ApiException;

/**
 * The questionnaires students and raters answer, served as prebuilt documents from the {@link
 * QuestionnaireCatalog}: gzip when the client takes it, 304 when its ETag is current. The URL holds
 * a content hash, so the answer may be cached forever.
 */
public final class QuestionnairesApi {
  private static final CharSequence IMMUTABLE =
      HttpHeaders.createOptimized("public, max-age=31536000, immutable");
  private static final CharSequence JSON =
      HttpHeaders.createOptimized("application/json; charset=utf-8");
  private static final CharSequence GZIP = HttpHeaders.createOptimized("gzip");

  private final QuestionnaireCatalog catalog;

  public QuestionnairesApi(QuestionnaireCatalog catalog) {
    this.catalog = catalog;
  }

  /** {@code GET /api/questionnaires/:battery/:hash/:locale}: one questionnaire document. */
  public void get(RoutingContext ctx) {
    QuestionnaireCatalog.Document doc =
        catalog
            .find(ctx.normalizedPath())
            .orElseThrow(() -> new ApiException(404, "not_found", "No such questionnaire."));
    HttpServerResponse response = ctx.response();
    response
        .putHeader(HttpHeaders.ETAG, doc.etag())
        .putHeader(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
        .putHeader(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    if (doc.etag().equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
      response.setStatusCode(304).end();
      return;
    }
    MultiMap headers = response.headers();
    headers.set(HttpHeaders.CONTENT_TYPE, JSON);
    String accept = ctx.request().getHeader(HttpHeaders.ACCEPT_ENCODING);
    if (accept != null && accept.contains("gzip")) {
      headers.set(HttpHeaders.CONTENT_ENCODING, GZIP);
      response.end(doc.gzip());
    } else {
      response.end(doc.json());
    }
  }
}
