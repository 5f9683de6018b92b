package org.huxin.scales;

import java.util.Objects;

/**
 * What a blank item does to a scale. Items that are not asked (see {@link ShowIf}) are never
 * blanks; a conditional item that is asked must be answered, as must a critical item.
 *
 * @param kind how blanks are scored
 * @param maxMissing 0 for {@code INVALID}; otherwise the most blanks the scale's published rules
 *     accept. More blanks than that still score (the same way) but make the result invalid under
 *     the validity rules' {@code missing} check.
 */
public record MissingRule(Kind kind, int maxMissing) {

  /** The rules a scale file can name. */
  public enum Kind {
    /** {@code {"rule":"invalid"}}: every item must be answered; a blank rejects the submission. */
    INVALID("invalid"),
    /** {@code {"rule":"prorate","maxMissing":n}}: sum × asked items / answered, rounded half up. */
    PRORATE("prorate"),
    /** {@code {"rule":"sum","maxMissing":n}}: a blank scores 0 (the PSC's published rule). */
    SUM("sum");

    private final String key;

    Kind(String key) {
      this.key = key;
    }

    /** As written in a scale file. */
    public String key() {
      return key;
    }
  }

  public MissingRule {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.INVALID && maxMissing != 0) {
      throw new IllegalArgumentException("missing rule invalid takes no maxMissing");
    }
    if (kind != Kind.INVALID && maxMissing < 1) {
      throw new IllegalArgumentException(
          "missing rule " + kind.key() + " needs maxMissing of at least 1, got " + maxMissing);
    }
  }

  /** Every item must be answered. */
  public static MissingRule invalid() {
    return new MissingRule(Kind.INVALID, 0);
  }

  /** Up to {@code maxMissing} blank items are prorated. */
  public static MissingRule prorate(int maxMissing) {
    return new MissingRule(Kind.PRORATE, maxMissing);
  }

  /** Up to {@code maxMissing} blank items score 0. */
  public static MissingRule sum(int maxMissing) {
    return new MissingRule(Kind.SUM, maxMissing);
  }
}
