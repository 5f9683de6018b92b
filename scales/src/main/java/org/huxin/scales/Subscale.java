package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** A named subset of a scale's items whose answers are summed on their own. */
public record Subscale(String id, LocalizedText title, List<String> itemIds) {

  public Subscale {
    Objects.requireNonNull(id, "id");
    if (!Item.ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "subscale " + id + ": id must be the scale id, '_' and a suffix, like psc17_att");
    }
    Objects.requireNonNull(title, () -> "subscale " + id + ": title");
    itemIds = List.copyOf(itemIds);
    if (itemIds.isEmpty()) {
      throw new IllegalArgumentException("subscale " + id + ": names no items");
    }
    HashSet<String> seen = new HashSet<>();
    for (String item : itemIds) {
      if (!seen.add(item)) {
        throw new IllegalArgumentException("subscale " + id + ": names item " + item + " twice");
      }
    }
  }
}
