package org.huxin.engine.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a school's or a district's crisis alerts reach a phone, as staff see it: never the URL (it
 * carries the robot's key or token) nor the secret, only the URL's scheme and host ({@code
 * urlShown}) and whether a secret is set; with its health (last good send, failing since when, the
 * last error) and how many of its notifications are failing now.
 *
 * @param schoolId the school, or null for the district's own channel (its fallback for schools
 *     without one, and where escalations go)
 * @param schoolName the school's name, or null for the district's own channel
 * @param urlShown e.g. {@code https://qyapi.weixin.qq.com/…}
 * @param recipients the phone numbers of an SMS channel; empty for a robot
 * @param failingSince the first failed send since the last good one, or null while it works
 * @param lastError short and without secrets
 * @param failingNotifications notifications of this channel tried and not yet sent
 */
public record AlertChannel(
    long id,
    long districtId,
    String districtName,
    Long schoolId,
    String schoolName,
    Kind kind,
    String name,
    String urlShown,
    boolean hasSecret,
    List<String> recipients,
    boolean enabled,
    Long createdBy,
    Instant createdAt,
    Long updatedBy,
    Instant updatedAt,
    Instant lastOkAt,
    Instant lastErrorAt,
    String lastError,
    Instant failingSince,
    long failingNotifications) {

  /** What sends the message. */
  public enum Kind {
    /** A WeCom (企业微信) group robot webhook. */
    WECOM("wecom"),
    /** A DingTalk (钉钉) custom robot with signing (加签). */
    DINGTALK("dingtalk"),
    /** A plain HTTP SMS gateway that takes recipients and a message. */
    SMS("sms");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** As stored and in the API. */
    public String key() {
      return key;
    }

    public static Kind ofKey(String key) {
      for (Kind k : values()) {
        if (k.key.equals(key)) {
          return k;
        }
      }
      throw new IllegalArgumentException(
          "channel kind '" + key + "' is not wecom, dingtalk or sms");
    }
  }

  public AlertChannel {
    Objects.requireNonNull(districtName, "districtName");
    if ((schoolId == null) != (schoolName == null)) {
      throw new IllegalArgumentException("channel " + id + ": a school channel names its school");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(urlShown, "urlShown");
    recipients = List.copyOf(recipients);
  }

  /** Whether its last send failed and no send has worked since. */
  public boolean failing() {
    return failingSince != null;
  }
}
