package org.huxin.scales;

import java.util.Objects;
import java.util.regex.Pattern;

/** A cut-off band of a scale's raw score, {@code min} to {@code max} inclusive. */
public record Band(String id, int min, int max, LocalizedText label) {

  static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");

  public Band {
    Objects.requireNonNull(id, "id");
    if (!NAME.matcher(id).matches()) {
      throw new IllegalArgumentException("band '" + id + "': id must match [a-z][a-z0-9_]*");
    }
    if (min > max) {
      throw new IllegalArgumentException("band " + id + ": min " + min + " is above max " + max);
    }
    Objects.requireNonNull(label, () -> "band " + id + ": label");
  }

  /** Whether a raw score falls in this band. */
  public boolean contains(int raw) {
    return raw >= min && raw <= max;
  }
}
