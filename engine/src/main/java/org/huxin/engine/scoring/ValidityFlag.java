package org.huxin.engine.scoring;

import java.util.Objects;

/**
 * A validity check that fired, with what a reviewer reads, e.g. {@code speed}: "answered too fast:
 * median 1.2 s per item, under 2.0 s".
 *
 * @param check {@code speed}, {@code straight_lining:<group>}, {@code all_extreme}, {@code
 *     missing:<scale>}
 * @param level what the check set the validity to (never {@link Validity#VALID})
 */
public record ValidityFlag(
    String check, Validity level, String explanationZh, String explanationEn) {

  public ValidityFlag {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(explanationZh, "explanationZh");
    Objects.requireNonNull(explanationEn, "explanationEn");
    if (level == Validity.VALID) {
      throw new IllegalArgumentException(check + ": a flag cannot be valid");
    }
  }

  /** The Chinese explanation for {@code zh*} locales, otherwise the English one. */
  public String explanation(String locale) {
    return locale.startsWith("zh") ? explanationZh : explanationEn;
  }
}
