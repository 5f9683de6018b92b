package org.huxin.engine.windows;

import org.huxin.engine.store.StoreException;

/** A window cannot change from its current status to the requested one. */
public final class WindowTransitionException extends StoreException {
  private static final long serialVersionUID = 1L;

  public WindowTransitionException(long windowId, WindowStatus from, WindowStatus to) {
    super(
        "screening window "
            + windowId
            + " is "
            + from.code()
            + " and cannot become "
            + to.code()
            + "; from "
            + from.code()
            + " it may become "
            + from.next());
  }
}
