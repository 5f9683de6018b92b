package org.huxin.gateway.roster;

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
  private final Supplier<List<Window>> source;
  private volatile List<Window> windows;

  public WindowRegistry(Supplier<List<Window>> source) {
    this.source = source;
    this.windows = newestFirst(source.get());
  }

  /** Re-reads every window from the source (blocking: call it off the event loop). */
  public void reload() {
    windows = newestFirst(source.get());
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
