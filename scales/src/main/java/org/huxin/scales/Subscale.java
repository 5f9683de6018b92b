package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * A named subset of a scale's items whose keyed answers are summed on their own, e.g. the PSC-17
 * attention items. Items are named by id, and ids name the item's content (e.g. {@code
 * psc17-parent_fidgety}), so a form that orders its items differently keeps its subscales.
 *
 * @param bands cut-off bands that tile the subscale's range, or empty when it has none
 */
public record Subscale(String id, LocalizedText title, List<String> itemIds, List<Band> bands) {

  public Subscale {
    Objects.requireNonNull(id, "id");
    if (!Item.ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "subscale " + id + ": id must be the scale id, '_' and a suffix, like psc17_att");
    }
    Objects.requireNonNull(title, () -> "subscale " + id + ": title");
    itemIds = List.copyOf(itemIds);
    bands = List.copyOf(bands);
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

  /** A subscale with no cut-off bands. */
  public Subscale(String id, LocalizedText title, List<String> itemIds) {
    this(id, title, itemIds, List.of());
  }
}
