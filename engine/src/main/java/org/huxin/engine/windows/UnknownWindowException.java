package org.huxin.engine.windows;

import org.huxin.engine.store.StoreException;

/** No screening window has this id. */
public final class UnknownWindowException extends StoreException {
  private static final long serialVersionUID = 1L;

  public UnknownWindowException(long windowId) {
    super("screening window " + windowId + " does not exist");
  }
}
