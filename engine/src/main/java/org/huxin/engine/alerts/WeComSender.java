package org.huxin.engine.alerts;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A WeCom (企业微信) group robot: {@code POST {"msgtype":"text","text":{"content":...}}} to its webhook
 * ({@code https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=...}); accepted when the answer is
 * HTTP 200 with {@code errcode} 0. A text is at most 2048 bytes and a robot takes about 20 messages
 * a minute, which is why the notifier sends one message per channel per pass.
 */
public final class WeComSender implements ChannelSender {

  private final WebhookPost post;

  WeComSender(WebhookPost post) {
    this.post = post;
  }

  @Override
  public CompletableFuture<Void> send(ChannelTarget target, String message) {
    return post.post(target.url(), text(message), Map.of())
        .thenAccept(WebhookPost::requireErrcodeZero);
  }

  static Map<String, Object> text(String message) {
    return Map.of("msgtype", "text", "text", Map.of("content", message));
  }
}
