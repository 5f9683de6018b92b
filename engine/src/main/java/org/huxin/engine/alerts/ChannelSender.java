package org.huxin.engine.alerts;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one text message to one alert channel: a WeCom or DingTalk group robot, or an SMS gateway.
 * The message carries a school's name, counts, crisis levels and alert ids, never a student; the
 * sender adds only what the channel's protocol needs (signature, recipients, token).
 */
@FunctionalInterface
public interface ChannelSender {

  /**
   * Starts the send. The future completes normally once the channel accepted the message, or
   * exceptionally, preferably with a {@link SendFailure} whose message is short, says what went
   * wrong, and holds no URL, key, token or secret. Never blocks the caller.
   */
  CompletableFuture<Void> send(ChannelTarget target, String message);
}
