package org.huxin.engine.alerts;

import java.util.List;
import java.util.Objects;
import org.huxin.engine.alerts.AlertChannel.Kind;

/**
 * A channel decrypted for sending: only the notifier and a channel test hold one, for the length of
 * a send. {@link #toString()} leaves out the URL and the secret.
 *
 * @param secret the DingTalk signing secret or the SMS bearer token, or null
 */
public record ChannelTarget(
    long id,
    long districtId,
    Long schoolId,
    Kind kind,
    String url,
    String secret,
    List<String> recipients) {

  public ChannelTarget {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(url, "url");
    recipients = List.copyOf(recipients);
  }

  @Override
  public String toString() {
    return "ChannelTarget[id=" + id + ", kind=" + kind.key() + "]";
  }
}
