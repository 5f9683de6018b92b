package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The scales one respondent answers in one sitting, in the order asked.
 *
 * @param id e.g. {@code g4-6}
 * @param version bumped whenever what the battery asks or scores changes
 * @param form who answers: {@code self}, {@code parent} or {@code teacher}
 * @param band the school band it is written for; norms are looked up by the respondent's own band
 * @param title shown above the questionnaire
 * @param scaleIds scale ids in the order asked; the flat answer array follows this order
 * @param primaryWording serve {@code zh-CN-primary} wording where an item has it
 * @param staffNote what staff must read beside every result of this battery (grades 4–6: the
 *     instruments are used outside their validated ages), or null; never shown to a respondent
 */
public record Battery(
    String id,
    String version,
    String form,
    SchoolBand band,
    LocalizedText title,
    List<String> scaleIds,
    boolean primaryWording,
    LocalizedText staffNote) {

  /** The forms a battery can have. */
  public static final Set<String> FORMS = Set.of("self", "parent", "teacher");

  static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");

  /** A battery with no staff note. */
  public Battery(
      String id,
      String version,
      String form,
      SchoolBand band,
      LocalizedText title,
      List<String> scaleIds,
      boolean primaryWording) {
    this(id, version, form, band, title, scaleIds, primaryWording, null);
  }

  public Battery {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches() || id.length() > 32) {
      throw new IllegalArgumentException(
          "battery " + id + ": id must be lower-case letters, digits and '-', like g4-6");
    }
    String where = "battery " + id + ": ";
    Scale.checkVersion(where, version);
    Objects.requireNonNull(form, () -> where + "form");
    if (!FORMS.contains(form)) {
      throw new IllegalArgumentException(
          where + "form '" + form + "' is not one of self, parent, teacher");
    }
    Objects.requireNonNull(band, () -> where + "band");
    Objects.requireNonNull(title, () -> where + "title");
    scaleIds = List.copyOf(scaleIds);
    if (scaleIds.isEmpty()) {
      throw new IllegalArgumentException(where + "names no scales");
    }
    HashSet<String> seen = new HashSet<>();
    for (String scaleId : scaleIds) {
      if (!seen.add(scaleId)) {
        throw new IllegalArgumentException(where + "names scale " + scaleId + " twice");
      }
    }
  }

  /** The staff note in {@code locale} (falling back as {@link LocalizedText#get} does), or null. */
  public String staffNote(String locale) {
    return staffNote == null ? null : staffNote.get(locale);
  }

  /**
   * The locale to render this battery's texts in for a requested locale: {@code zh-CN-primary} when
   * the battery uses primary wording and Chinese is asked for, otherwise the request. {@link
   * LocalizedText#get} falls back to {@code zh-CN} for texts with no primary wording.
   */
  public String textLocale(String requested) {
    Objects.requireNonNull(requested, "requested");
    return primaryWording && requested.equals(LocalizedText.ZH_CN)
        ? LocalizedText.ZH_CN_PRIMARY
        : requested;
  }
}
