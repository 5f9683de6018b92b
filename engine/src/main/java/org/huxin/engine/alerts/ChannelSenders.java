package org.huxin.engine.alerts;

import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import org.huxin.engine.alerts.AlertChannel.Kind;

/** The sender of each channel kind, registered in plain code. */
public final class ChannelSenders {

  private final Map<Kind, ChannelSender> byKind;

  private ChannelSenders(Map<Kind, ChannelSender> byKind) {
    for (Kind kind : Kind.values()) {
      Objects.requireNonNull(byKind.get(kind), "no sender for " + kind.key());
    }
    this.byKind = new EnumMap<>(byKind);
  }

  /**
   * WeCom, DingTalk and SMS over one {@link java.net.http.HttpClient} with the config's timeouts;
   * DingTalk signs with {@code clock}'s time.
   */
  public static ChannelSenders overHttp(NotifierConfig config, Clock clock) {
    WebhookPost post =
        new WebhookPost(config.connectTimeout(), config.requestTimeout(), config.allowHttp());
    return of(
        Map.of(
            Kind.WECOM, new WeComSender(post),
            Kind.DINGTALK, new DingTalkSender(post, clock),
            Kind.SMS, new SmsSender(post)));
  }

  /** Senders given per kind (tests); every kind needs one. */
  public static ChannelSenders of(Map<Kind, ChannelSender> byKind) {
    return new ChannelSenders(new EnumMap<>(byKind));
  }

  public ChannelSender of(Kind kind) {
    return byKind.get(kind);
  }
}
