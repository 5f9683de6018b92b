package org.huxin.gateway.roster;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.huxin.engine.store.RosterEntry;
import org.huxin.engine.store.Window;

/**
 * The screening windows as this node last loaded them. Reads are lock-free; {@link #reload()} swaps
 * in a fresh list after any window changes.
 */
public final class WindowRegistry {
  private final Supplier<List<Window>> source;
  private volatile List<Window> windows;

  public WindowRegistry(Supplier<List<Window>> source) {
    this.source = source;
    this.windows = List.copyOf(source.get());
  }

  /** Re-reads every window from the source (blocking: call it off the event loop). */
  public void reload() {
    windows = List.copyOf(source.get());
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
    return windows.stream()
        .filter(w -> w.inScope(student.districtId(), student.schoolId(), student.grade()))
        .sorted((a, b) -> Long.compare(b.id(), a.id()))
        .toList();
  }
}
