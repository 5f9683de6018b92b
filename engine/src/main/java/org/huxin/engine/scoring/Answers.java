package org.huxin.engine.scoring;

/** Conventions of the flat answer array a {@link CompiledBattery} scores. */
public final class Answers {

  /** An item left blank. */
  public static final int MISSING = -1;

  /** A blank item in {@link CompiledBattery#compactAnswers(int[]) compact} form. */
  public static final int COMPACT_MISSING = 255;

  private Answers() {}
}
