package org.huxin.scales;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One instrument (PHQ-9, GAD-7, …): its items in presentation order, the options they share, how
 * they are summed and banded, and its subscales.
 *
 * <p>The constructor checks everything that holds within one scale: item and subscale ids start
 * with the scale id, ids and numbers are unique, options are consecutive ascending values, the
 * scoring range is exactly items × options, and every subscale names items of this scale.
 *
 * @param title the instrument's name (健康问卷（PHQ-9）), for staff only
 * @param studentTitle the neutral heading a respondent reads instead (最近两周的心情): no instrument name
 *     and no diagnostic or risk word, with a {@code zh-CN-primary} variant where the primary-school
 *     wording differs
 * @param refusalLabel the words of the "I'd rather not answer" choice ("不想回答"), which every item
 *     with a {@link Item#refusalScoredAs()} offers; null when no item does
 */
public record Scale(
    String id,
    String shortName,
    String version,
    LocalizedText title,
    LocalizedText studentTitle,
    LocalizedText instructions,
    Source source,
    String licence,
    List<ResponseOption> options,
    List<Item> items,
    Scoring scoring,
    List<Subscale> subscales,
    LocalizedText refusalLabel) {

  static final Pattern ID = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  static final Pattern VERSION = Pattern.compile("[0-9]+(\\.[0-9]+){0,3}");

  public Scale {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches() || id.length() > 32) {
      throw new IllegalArgumentException(
          "scale " + id + ": id must be lower-case letters and digits, like phq9");
    }
    String where = "scale " + id + ": ";
    Objects.requireNonNull(shortName, () -> where + "shortName");
    if (shortName.isBlank() || shortName.length() > 32) {
      throw new IllegalArgumentException(where + "shortName must be 1–32 characters");
    }
    checkVersion(where, version);
    Objects.requireNonNull(title, () -> where + "title");
    Objects.requireNonNull(studentTitle, () -> where + "studentTitle");
    Objects.requireNonNull(instructions, () -> where + "instructions");
    Objects.requireNonNull(source, () -> where + "source");
    Objects.requireNonNull(licence, () -> where + "licence");
    if (licence.isBlank()) {
      throw new IllegalArgumentException(where + "licence statement is blank");
    }
    options = List.copyOf(options);
    items = List.copyOf(items);
    Objects.requireNonNull(scoring, () -> where + "scoring");
    subscales = List.copyOf(subscales);

    if (options.size() < 2) {
      throw new IllegalArgumentException(where + "needs at least two options");
    }
    for (int i = 1; i < options.size(); i++) {
      if (options.get(i).value() != options.get(i - 1).value() + 1) {
        throw new IllegalArgumentException(
            where
                + "option "
                + options.get(i).value()
                + " follows "
                + options.get(i - 1).value()
                + "; options must be consecutive ascending values");
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException(where + "has no items");
    }
    HashSet<String> ids = new HashSet<>();
    HashMap<Integer, String> numbers = new HashMap<>();
    for (Item item : items) {
      if (!item.id().startsWith(id + "_")) {
        throw new IllegalArgumentException(
            "item " + item.id() + ": id must start with the scale id " + id + "_");
      }
      if (!ids.add(item.id())) {
        throw new IllegalArgumentException("item " + item.id() + ": duplicate item id");
      }
      String other = numbers.putIfAbsent(item.number(), item.id());
      if (other != null) {
        throw new IllegalArgumentException(
            "item " + item.id() + ": number " + item.number() + " is already item " + other);
      }
    }
    HashMap<Integer, Integer> position = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      position.put(items.get(i).number(), i);
    }
    for (int i = 0; i < items.size(); i++) {
      Item item = items.get(i);
      if (item.showIf() == null) {
        continue;
      }
      for (int gate : item.showIf().anyOf()) {
        Integer at = position.get(gate);
        if (at == null) {
          throw new IllegalArgumentException(
              "item " + item.id() + ": showIf names item " + gate + ", which " + id + " lacks");
        }
        if (at > i) {
          throw new IllegalArgumentException(
              "item " + item.id() + ": showIf names item " + gate + ", which is asked after it");
        }
        if (items.get(at).conditional()) {
          throw new IllegalArgumentException(
              "item "
                  + item.id()
                  + ": showIf names item "
                  + gate
                  + ", which is itself conditional");
        }
      }
      int equals = item.showIf().equals();
      if (equals < options.get(0).value() || equals > options.get(options.size() - 1).value()) {
        throw new IllegalArgumentException(
            "item " + item.id() + ": showIf equals " + equals + ", which is not an option");
      }
    }
    boolean refusable = false;
    for (Item item : items) {
      refusable |= item.refusable();
      checkOption(options, item, "refusal.scoredAs", item.refusalScoredAs());
      checkOption(options, item, "crisisFrom", item.crisisFrom());
    }
    if (refusable != (refusalLabel != null)) {
      throw new IllegalArgumentException(
          where
              + (refusable
                  ? "an item offers a refusal, so the scale needs a refusalLabel"
                  : "refusalLabel is given but no item offers a refusal"));
    }
    int low = items.size() * options.get(0).value();
    int high = items.size() * options.get(options.size() - 1).value();
    if (scoring.min() != low || scoring.max() != high) {
      throw new IllegalArgumentException(
          where
              + "scoring range "
              + scoring.min()
              + "–"
              + scoring.max()
              + " does not match "
              + items.size()
              + " items × options "
              + options.get(0).value()
              + "–"
              + options.get(options.size() - 1).value()
              + " = "
              + low
              + "–"
              + high);
    }
    if (scoring.missing().maxMissing() >= items.size()) {
      throw new IllegalArgumentException(
          where
              + "maxMissing "
              + scoring.missing().maxMissing()
              + " must be below the item count "
              + items.size());
    }
    HashSet<String> subIds = new HashSet<>();
    int lowest = options.get(0).value();
    int highest = options.get(options.size() - 1).value();
    for (Subscale sub : subscales) {
      if (!sub.id().startsWith(id + "_")) {
        throw new IllegalArgumentException(
            "subscale " + sub.id() + ": id must start with the scale id " + id + "_");
      }
      if (ids.contains(sub.id())) {
        throw new IllegalArgumentException("subscale " + sub.id() + ": id is already an item id");
      }
      if (!subIds.add(sub.id())) {
        throw new IllegalArgumentException("subscale " + sub.id() + ": duplicate subscale id");
      }
      for (String itemId : sub.itemIds()) {
        if (!ids.contains(itemId)) {
          throw new IllegalArgumentException(
              "subscale "
                  + sub.id()
                  + ": names item "
                  + itemId
                  + ", which scale "
                  + id
                  + " does not have");
        }
      }
      if (!sub.bands().isEmpty()) {
        int n = sub.itemIds().size();
        try {
          Band.checkTiling(sub.bands(), n * lowest, n * highest);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("subscale " + sub.id() + ": " + e.getMessage(), e);
        }
      }
    }
  }

  /** A scale none of whose items offers a refusal. */
  public Scale(
      String id,
      String shortName,
      String version,
      LocalizedText title,
      LocalizedText studentTitle,
      LocalizedText instructions,
      Source source,
      String licence,
      List<ResponseOption> options,
      List<Item> items,
      Scoring scoring,
      List<Subscale> subscales) {
    this(
        id,
        shortName,
        version,
        title,
        studentTitle,
        instructions,
        source,
        licence,
        options,
        items,
        scoring,
        subscales,
        null);
  }

  private static void checkOption(
      List<ResponseOption> options, Item item, String field, Integer value) {
    if (value != null
        && (value < options.get(0).value() || value > options.get(options.size() - 1).value())) {
      throw new IllegalArgumentException(
          "item " + item.id() + ": " + field + " " + value + " is not an option");
    }
  }

  static void checkVersion(String where, String version) {
    Objects.requireNonNull(version, () -> where + "version");
    if (!VERSION.matcher(version).matches()) {
      throw new IllegalArgumentException(
          where + "version '" + version + "' must be dotted numbers, like 1.0.0");
    }
  }

  /** Lowest option value. */
  public int minValue() {
    return options.get(0).value();
  }

  /** Highest option value. */
  public int maxValue() {
    return options.get(options.size() - 1).value();
  }

  /** The item with this id, if this scale has it. */
  public Optional<Item> item(String itemId) {
    for (Item item : items) {
      if (item.id().equals(itemId)) {
        return Optional.of(item);
      }
    }
    return Optional.empty();
  }

  /** The subscale with this id, if this scale has it. */
  public Optional<Subscale> subscale(String subscaleId) {
    for (Subscale sub : subscales) {
      if (sub.id().equals(subscaleId)) {
        return Optional.of(sub);
      }
    }
    return Optional.empty();
  }
}
