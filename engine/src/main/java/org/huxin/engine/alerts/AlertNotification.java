package org.huxin.engine.alerts;

import java.time.Instant;
import java.util.Objects;

/**
 * One phone message owed for an alert on a channel: a {@link Kind#DELIVERY} to the school's
 * channels (or its district's when the school has none), or an {@link Kind#ESCALATION} to the
 * district's own channels.
 *
 * @param nextAttemptAt when a failing row is tried again; null while it is due at once
 * @param leaseUntil while set and in the future, a notifier is sending it
 * @param lastError the last failure, short and without secrets
 */
public record AlertNotification(
    long id,
    long alertId,
    long channelId,
    Kind kind,
    Status status,
    int attempts,
    Instant nextAttemptAt,
    Instant leaseUntil,
    Instant sentAt,
    String lastError,
    Instant createdAt) {

  /** Why the message is owed. */
  public enum Kind {
    /** A new alert, to its school's channels or, lacking one, its district's. */
    DELIVERY("delivery"),
    /** An alert nobody acknowledged by its deadline, to its district's own channels. */
    ESCALATION("escalation");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** As stored and in metrics. */
    public String key() {
      return key;
    }

    public static Kind ofKey(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      throw new IllegalArgumentException("notification kind '" + key + "' is unknown");
    }
  }

  /** Where the message is. */
  public enum Status {
    /** Not tried yet. */
    PENDING("pending"),
    /** Sent: the channel accepted it. */
    SENT("sent"),
    /** Tried and refused or unanswered; tried again with a doubling backoff, never given up. */
    FAILING("failing"),
    /** Not sent because the alert was acknowledged first: nobody needs to be called any more. */
    SKIPPED("skipped");

    private final String key;

    Status(String key) {
      this.key = key;
    }

    public String key() {
      return key;
    }

    public static Status ofKey(String key) {
      for (Status s : values()) {
        if (s.key.equals(key)) {
          return s;
        }
      }
      throw new IllegalArgumentException("notification status '" + key + "' is unknown");
    }
  }

  public AlertNotification {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(createdAt, "createdAt");
  }
}
