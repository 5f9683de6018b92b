package org.huxin.scales;

import java.util.Objects;

/**
 * What a blank item does to a scale.
 *
 * @param kind {@link Kind#INVALID}: any blank rejects the submission; {@link Kind#PRORATE}: up to
 *     {@code maxMissing} blanks are allowed and the sum is prorated
 * @param maxMissing 0 for {@code INVALID}; at least 1 for {@code PRORATE}
 */
public record MissingRule(Kind kind, int maxMissing) {

  /** The two rules a scale file can name. */
  public enum Kind {
    /** {@code {"rule":"invalid"}}: every item must be answered. */
    INVALID,
    /** {@code {"rule":"prorate","maxMissing":n}}: sum × items / answered, rounded half up. */
    PRORATE
  }

  public MissingRule {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.INVALID && maxMissing != 0) {
      throw new IllegalArgumentException("missing rule invalid takes no maxMissing");
    }
    if (kind == Kind.PRORATE && maxMissing < 1) {
      throw new IllegalArgumentException(
          "missing rule prorate needs maxMissing of at least 1, got " + maxMissing);
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
}
