package org.huxin.engine.alerts;

import java.util.List;

/**
 * What to change on a channel; a null field stays as it is. Its district, school and kind never
 * change (delete the channel and create another). {@link #toString()} leaves out the URL and the
 * secret.
 *
 * @param url a new URL, checked against {@link ChannelUrl} by the caller
 * @param secret a new secret; empty clears an SMS gateway's token (DingTalk needs one)
 * @param enabled false stops sending; the channel's unsent notifications go to the channels that
 *     now stand in for it
 */
public record AlertChannelChange(
    String name, String url, String secret, List<String> recipients, Boolean enabled) {

  public AlertChannelChange {
    recipients = recipients == null ? null : List.copyOf(recipients);
    name = name == null ? null : name.strip();
    secret = secret == null ? null : secret.trim();
  }

  /** Only switching the channel on or off. */
  public static AlertChannelChange enabled(boolean enabled) {
    return new AlertChannelChange(null, null, null, null, enabled);
  }

  @Override
  public String toString() {
    return "AlertChannelChange[name="
        + name
        + ", url="
        + (url == null ? "unchanged" : "new")
        + ", secret="
        + (secret == null ? "unchanged" : secret.isEmpty() ? "cleared" : "new")
        + ", recipients="
        + (recipients == null ? "unchanged" : recipients.size())
        + ", enabled="
        + enabled
        + "]";
  }
}
