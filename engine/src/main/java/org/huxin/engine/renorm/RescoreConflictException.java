package org.huxin.engine.renorm;

import org.huxin.engine.store.StoreException;

/**
 * A re-scoring cannot go on as asked: another run holds the window, the window has an unfinished
 * run to other norms, or the window was reopened while it ran. The message says what to do.
 */
public final class RescoreConflictException extends StoreException {
  private static final long serialVersionUID = 1L;

  public RescoreConflictException(String message) {
    super(message);
  }
}
