package org.huxin.engine.renorm;

/**
 * Told after every committed batch of a re-scoring run. Throwing stops the run after that batch;
 * running it again resumes it.
 */
@FunctionalInterface
public interface RescoreListener {

  /** A listener that ignores progress. */
  RescoreListener NONE = progress -> {};

  void onBatch(RescoreProgress progress);
}
