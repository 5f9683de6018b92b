package org.huxin.gateway.auth;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import org.huxin.gateway.http.ApiException;

/**
 * Puts the verified {@code StudentPrincipal} of the bearer token on the context, or answers 401.
 */
public final class StudentAuth implements Handler<RoutingContext> {
  /** Context key of the verified principal. */
  public static final String PRINCIPAL = "huxin.student";

  private final Tokens tokens;

  public StudentAuth(Tokens tokens) {
    this.tokens = tokens;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String token = header != null && header.startsWith("Bearer ") ? header.substring(7) : null;
    tokens
        .verifyStudent(token)
        .onSuccess(
            p -> {
              ctx.put(PRINCIPAL, p);
              ctx.next();
            })
        .onFailure(e -> ctx.fail(new ApiException(401, "token_invalid", "Please log in again.")));
  }
}
