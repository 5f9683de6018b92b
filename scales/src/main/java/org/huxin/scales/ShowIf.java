package org.huxin.scales;

import java.util.HashSet;
import java.util.List;

/**
 * When a conditional item is asked: only if any of the items numbered {@code anyOf} (of the same
 * scale) was answered {@code equals}. ASQ item 5 is {@code {"anyOf":[1,2,3,4],"equals":1}}. The
 * student page reads the same object; an item that is not asked is sent back blank.
 */
public record ShowIf(List<Integer> anyOf, int equals) {

  public ShowIf {
    anyOf = List.copyOf(anyOf);
    if (anyOf.isEmpty()) {
      throw new IllegalArgumentException("showIf: anyOf names no items");
    }
    if (new HashSet<>(anyOf).size() != anyOf.size()) {
      throw new IllegalArgumentException("showIf: anyOf names an item twice");
    }
  }
}
