package org.huxin.gateway.roster;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.Window;

/**
 * The screening windows as this node last loaded them, newest first. Reads are lock-free; {@link
 * #reload()} swaps in a fresh list after any window changes.
 */
public final class WindowRegistry {
  private final Supplier<Future<List<Window>>> source;
  private volatile List<Window> windows;
  private long reloadsStarted;
  private long installed;

  /**
   * Starts with {@code initial}, the windows as read at start-up; {@link #reload()} re-reads them
   * from {@code source}.
   */
  public WindowRegistry(List<Window> initial, Supplier<Future<List<Window>>> source) {
    this.source = source;
    this.windows = newestFirst(initial);
  }

  /**
   * Re-reads every window from the source; completes once the fresh list is in place. Of two
   * reloads that overlap, the later started one wins, so a slow early read never replaces a newer
   * list.
   */
  public Future<Void> reload() {
    long ticket;
    synchronized (this) {
      ticket = ++reloadsStarted;
    }
    return source
        .get()
        .map(
            loaded -> {
              List<Window> fresh = newestFirst(loaded);
              synchronized (this) {
                if (ticket > installed) {
                  installed = ticket;
                  windows = fresh;
                }
              }
              return null;
            });
  }

  private static List<Window> newestFirst(List<Window> windows) {
    return windows.stream().sorted(Comparator.comparingLong(Window::id).reversed()).toList();
  }

  public Optional<Window> find(long windowId) {
    for (Window w : windows) {
      if (w.id() == windowId) {
        return Optional.of(w);
      }
    }
    return Optional.empty();
  }

  public List<Window> all() {
    return windows;
  }

  /** Windows that screen this student (whatever their state), newest first. */
  public List<Window> covering(RosterEntry student) {
    List<Window> covering = new ArrayList<>(2);
    for (Window w : windows) {
      if (w.inScope(student.districtId(), student.schoolId(), student.grade())) {
        covering.add(w);
      }
    }
    return covering;
  }
}
