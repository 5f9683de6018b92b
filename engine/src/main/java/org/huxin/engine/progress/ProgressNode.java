package org.huxin.engine.progress;

import java.util.List;
import java.util.Objects;

/**
 * A node of the progress tree: its level, id (null for the city, the grade number for a grade),
 * name, the counts summed over the classes below it, and its children in id order (none for a
 * class).
 */
public record ProgressNode(
    ProgressLevel level, Long id, String name, ProgressCounts counts, List<ProgressNode> children) {

  public ProgressNode {
    Objects.requireNonNull(level, "level");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(counts, "counts");
    children = List.copyOf(children);
  }
}
