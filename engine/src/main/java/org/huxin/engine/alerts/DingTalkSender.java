package org.huxin.engine.alerts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A DingTalk (钉钉) custom robot with signing (加签): the webhook URL ({@code
 * https://oapi.dingtalk.com/robot/send?access_token=...}) gets {@code &timestamp=<ms>&sign=<s>},
 * where {@code s} is the URL-encoded Base64 of HmacSHA256 keyed with the robot's secret over {@code
 * timestamp + "\n" + secret}; the body is {@code {"msgtype":"text","text":{"content":...}}} and
 * success is {@code errcode} 0. DingTalk refuses a timestamp more than an hour from its own clock.
 */
public final class DingTalkSender implements ChannelSender {

  private final WebhookPost post;
  private final Clock clock;

  DingTalkSender(WebhookPost post, Clock clock) {
    this.post = post;
    this.clock = clock;
  }

  @Override
  public CompletableFuture<Void> send(ChannelTarget target, String message) {
    if (target.secret() == null) {
      return CompletableFuture.failedFuture(new SendFailure("refused: no signing secret"));
    }
    long timestamp = clock.millis();
    String url =
        target.url()
            + (target.url().contains("?") ? "&" : "?")
            + "timestamp="
            + timestamp
            + "&sign="
            + sign(timestamp, target.secret());
    return post.post(url, WeComSender.text(message), Map.of())
        .thenAccept(WebhookPost::requireErrcodeZero);
  }

  /** {@code urlencode(base64(HmacSHA256(secret, timestamp + "\n" + secret)))}. */
  static String sign(long timestamp, String secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8));
      return URLEncoder.encode(
          Base64.getEncoder().encodeToString(signature), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
    }
  }
}
