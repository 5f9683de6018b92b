package org.huxin.engine.alerts;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.huxin.engine.alerts.AlertChannel.Kind;

/**
 * A channel to create. The URL and the secret are secrets: {@link #toString()} leaves them out.
 *
 * @param schoolId the school, or null for the district's own channel
 * @param url the webhook or SMS gateway URL; checked against {@link ChannelUrl} by the caller
 * @param secret the DingTalk signing secret (required for DingTalk), an SMS gateway's bearer token
 *     (optional), or null
 * @param recipients phone numbers, for SMS only (1..{@value #MAX_RECIPIENTS})
 */
public record NewAlertChannel(
    long districtId,
    Long schoolId,
    Kind kind,
    String name,
    String url,
    String secret,
    List<String> recipients,
    boolean enabled) {

  /** The most phone numbers one SMS channel sends to. */
  public static final int MAX_RECIPIENTS = 20;

  /** The longest name. */
  public static final int MAX_NAME = 100;

  /** The longest secret or token. */
  public static final int MAX_SECRET = 512;

  private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{5,20}");

  public NewAlertChannel {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(url, "url");
    recipients = recipients == null ? List.of() : List.copyOf(recipients);
    secret = secret == null || secret.isBlank() ? null : secret.trim();
    name = name == null ? null : name.strip();
    check(kind, name, secret != null, secret, recipients);
  }

  /**
   * Checks what a channel of {@code kind} must have; an {@link IllegalArgumentException} names the
   * field. Used for a new channel and for a changed one.
   */
  static void check(
      Kind kind, String name, boolean hasSecret, String secret, List<String> recipients) {
    if (name == null || name.isEmpty() || name.length() > MAX_NAME) {
      throw new IllegalArgumentException("name must be 1.." + MAX_NAME + " characters");
    }
    if (secret != null && secret.length() > MAX_SECRET) {
      throw new IllegalArgumentException("secret must be at most " + MAX_SECRET + " characters");
    }
    if (kind == Kind.DINGTALK && !hasSecret) {
      throw new IllegalArgumentException(
          "secret: a DingTalk robot needs its signing secret (加签, starts with SEC)");
    }
    if (kind == Kind.SMS) {
      if (recipients.isEmpty() || recipients.size() > MAX_RECIPIENTS) {
        throw new IllegalArgumentException(
            "recipients: an SMS channel needs 1.." + MAX_RECIPIENTS + " phone numbers");
      }
      for (int i = 0; i < recipients.size(); i++) {
        String phone = recipients.get(i);
        if (phone == null || !PHONE.matcher(phone).matches()) {
          throw new IllegalArgumentException(
              "recipients: number " + (i + 1) + " is not a phone number (digits, optional +)");
        }
      }
      if (recipients.stream().distinct().count() != recipients.size()) {
        throw new IllegalArgumentException("recipients: a phone number is listed twice");
      }
    } else if (!recipients.isEmpty()) {
      throw new IllegalArgumentException("recipients: only an SMS channel has phone numbers");
    }
  }

  @Override
  public String toString() {
    return "NewAlertChannel[districtId="
        + districtId
        + ", schoolId="
        + schoolId
        + ", kind="
        + kind.key()
        + ", name="
        + name
        + ", recipients="
        + recipients.size()
        + ", enabled="
        + enabled
        + "]";
  }
}
