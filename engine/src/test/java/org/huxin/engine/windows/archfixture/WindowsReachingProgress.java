package org.huxin.engine.windows.archfixture;

import org.huxin.engine.progress.ProgressCache;

/**
 * Breaks the layout on purpose: {@code progress} already depends on {@code windows}, so a windows
 * class that reaches the progress cache closes a cycle.
 */
public final class WindowsReachingProgress {

  private WindowsReachingProgress() {}

  public static Class<?> progress() {
    return ProgressCache.class;
  }
}
