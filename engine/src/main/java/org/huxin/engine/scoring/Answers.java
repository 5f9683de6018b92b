package org.huxin.engine.scoring;

/** Conventions of the flat answer array a {@link CompiledBattery} scores. */
public final class Answers {

  /** An item left blank. */
  public static final int MISSING = -1;

  /**
   * "I'd rather not answer" (不想回答) on an item that offers it; scored as the item's {@code
   * refusal.scoredAs} option and flagged.
   */
  public static final int REFUSED = -2;

  /** A blank item in {@link CompiledBattery#compactAnswers(int[]) compact} form. */
  public static final int COMPACT_MISSING = 255;

  /** A refused item in compact form. */
  public static final int COMPACT_REFUSED = 254;

  private Answers() {}
}
