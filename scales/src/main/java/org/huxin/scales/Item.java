package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One question of a scale.
 *
 * @param id globally unique, the scale id, an underscore and a suffix (e.g. {@code phq9_9})
 * @param number the item's number on the published form
 * @param text the wording in every locale
 * @param reverse scored as (lowest + highest option) − answer
 * @param critical must be answered whenever it is asked, and every rule set must read it at tier 2
 *     or above
 * @param localWording locales of {@code text} whose wording is a local adaptation, not a published
 *     translation
 * @param local the item itself is a local addition, not part of any published form; all its wording
 *     is then local, so {@code localWording} must list {@code zh-CN} and {@code en}
 * @param showIf when the item is asked, or null if it always is
 * @param refusalScoredAs when not null, the item offers "I'd rather not answer", and a refusal is
 *     scored as this option everywhere (sums, gates and rules) and flagged; ASQ: 1, a positive
 * @param crisisFrom when not null, any answer at or above this option must put the result in tier 3
 *     under every rule set (checked when a battery is compiled); only a critical item has one
 */
public record Item(
    String id,
    int number,
    LocalizedText text,
    boolean reverse,
    boolean critical,
    List<String> localWording,
    boolean local,
    ShowIf showIf,
    Integer refusalScoredAs,
    Integer crisisFrom) {

  static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*_[a-z0-9_]+");

  public Item {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches() || id.length() > 64) {
      throw new IllegalArgumentException(
          "item " + id + ": id must be the scale id, '_' and a suffix, like phq9_9");
    }
    if (number < 1) {
      throw new IllegalArgumentException("item " + id + ": number " + number + " is below 1");
    }
    Objects.requireNonNull(text, () -> "item " + id + ": text");
    localWording = List.copyOf(localWording);
    if (new HashSet<>(localWording).size() != localWording.size()) {
      throw new IllegalArgumentException("item " + id + ": localWording lists a locale twice");
    }
    for (String locale : localWording) {
      if (!text.has(locale)) {
        throw new IllegalArgumentException(
            "item " + id + ": localWording names " + locale + ", which the text does not have");
      }
    }
    if (local
        && !(localWording.contains(LocalizedText.ZH_CN)
            && localWording.contains(LocalizedText.EN))) {
      throw new IllegalArgumentException(
          "item " + id + ": a local item must list zh-CN and en in localWording");
    }
    if (showIf != null && showIf.anyOf().contains(number)) {
      throw new IllegalArgumentException("item " + id + ": showIf names the item itself");
    }
    if (crisisFrom != null && !critical) {
      throw new IllegalArgumentException(
          "item " + id + ": crisisFrom is for critical items; mark the item critical");
    }
  }

  /** An item with no refusal and no crisis floor. */
  public Item(
      String id,
      int number,
      LocalizedText text,
      boolean reverse,
      boolean critical,
      List<String> localWording,
      boolean local,
      ShowIf showIf) {
    this(id, number, text, reverse, critical, localWording, local, showIf, null, null);
  }

  /** An always-asked item from a published form with no local wording. */
  public static Item of(
      String id, int number, LocalizedText text, boolean reverse, boolean critical) {
    return new Item(id, number, text, reverse, critical, List.of(), false, null);
  }

  /** This item, asked only when {@code showIf} holds. */
  public Item shownIf(ShowIf showIf) {
    return new Item(
        id,
        number,
        text,
        reverse,
        critical,
        localWording,
        local,
        showIf,
        refusalScoredAs,
        crisisFrom);
  }

  /** Whether the item offers "I'd rather not answer". */
  public boolean refusable() {
    return refusalScoredAs != null;
  }

  /** Whether the item is asked only when an earlier answer calls for it. */
  public boolean conditional() {
    return showIf != null;
  }
}
