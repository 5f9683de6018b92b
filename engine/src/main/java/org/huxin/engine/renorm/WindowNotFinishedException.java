package org.huxin.engine.renorm;

import org.huxin.engine.windows.WindowStatus;

/** Norms are built from, and re-scoring runs on, closed or archived windows only. */
public final class WindowNotFinishedException extends RenormException {
  private static final long serialVersionUID = 1L;

  public WindowNotFinishedException(long windowId, WindowStatus status, String what) {
    super(
        "window "
            + windowId
            + " is "
            + status.code()
            + "; "
            + what
            + " needs a closed or archived window, so that no result arrives meanwhile; close it"
            + " first (POST /api/staff/windows/"
            + windowId
            + "/status {\"status\":\"closed\"})");
  }
}
