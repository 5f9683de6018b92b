package org.huxin.engine.alerts;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A generic HTTP SMS gateway (a district's own, or a relay in front of a carrier's API): {@code
 * POST {"to":["138..."],"message":"..."}} with {@code Authorization: Bearer <token>} when the
 * channel has a token; any 2xx answer is success.
 */
public final class SmsSender implements ChannelSender {

  private final WebhookPost post;

  SmsSender(WebhookPost post) {
    this.post = post;
  }

  @Override
  public CompletableFuture<Void> send(ChannelTarget target, String message) {
    Map<String, String> headers =
        target.secret() == null ? Map.of() : Map.of("Authorization", "Bearer " + target.secret());
    return post.post(target.url(), Map.of("to", target.recipients(), "message", message), headers)
        .thenAccept(
            answer -> {
              if (!answer.ok()) {
                throw new SendFailure("HTTP " + answer.status());
              }
            });
  }
}
