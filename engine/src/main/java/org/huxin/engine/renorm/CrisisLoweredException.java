package org.huxin.engine.renorm;

/**
 * A re-score would lower a crisis result. Crisis rules read answers, never norms, so this means the
 * stored row or the rule set changed since the result was scored; the batch is rolled back and the
 * run stops for someone to look.
 */
public final class CrisisLoweredException extends RenormException {
  private static final long serialVersionUID = 1L;

  private final long resultId;

  public CrisisLoweredException(long resultId, long windowId, String norms, int newTier) {
    super(
        "result "
            + resultId
            + " of window "
            + windowId
            + " is a crisis but re-scores as tier "
            + newTier
            + " under "
            + norms
            + "; crisis rules do not depend on norms, so the stored row or the tier rules changed"
            + " since it was scored. Nothing of this batch was written and the run stopped; check"
            + " the result and the window's rule set before re-scoring again");
    this.resultId = resultId;
  }

  /** The result whose crisis would have been lowered. */
  public long resultId() {
    return resultId;
  }
}
