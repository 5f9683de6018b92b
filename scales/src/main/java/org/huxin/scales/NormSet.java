package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A versioned table of norms by school band × sex for some scales and subscales, with where the
 * figures come from. Results record the norm set that scored them ({@link #label()}); a window can
 * be re-scored under a newer version.
 *
 * @param id e.g. {@code k10-cn-2023}
 * @param version bumped whenever a figure changes
 * @param title what the set is, in full
 * @param shortLabel what the norm is, shown beside every T and percentile from it (the file's
 *     {@code label}), e.g. 合并常模（9–18岁、男女合并）
 * @param citation the publication or the local window the figures come from
 * @param note how the figures apply, e.g. that pooled figures are repeated in every cell; or ""
 * @param cells one per target × band × sex, no two alike
 */
public record NormSet(
    String id,
    String version,
    LocalizedText title,
    LocalizedText shortLabel,
    String citation,
    String note,
    List<NormCell> cells) {

  static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");

  public NormSet {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches() || id.length() > 48) {
      throw new IllegalArgumentException(
          "norm set " + id + ": id must be lower-case letters, digits and '-'");
    }
    String where = "norm set " + id + ": ";
    Scale.checkVersion(where, version);
    Objects.requireNonNull(title, () -> where + "title");
    Objects.requireNonNull(shortLabel, () -> where + "label");
    Objects.requireNonNull(citation, () -> where + "citation");
    if (citation.isBlank()) {
      throw new IllegalArgumentException(where + "citation is blank");
    }
    Objects.requireNonNull(note, () -> where + "note");
    cells = List.copyOf(cells);
    if (cells.isEmpty()) {
      throw new IllegalArgumentException(where + "has no cells");
    }
    Set<String> seen = new HashSet<>();
    for (NormCell cell : cells) {
      if (!seen.add(cell.key())) {
        throw new IllegalArgumentException(where + "cell " + cell.key() + " is listed twice");
      }
    }
  }

  /** A set whose short label is its title (sets saved before labels existed read this way). */
  public NormSet(
      String id,
      String version,
      LocalizedText title,
      String citation,
      String note,
      List<NormCell> cells) {
    this(id, version, title, title, citation, note, cells);
  }

  /** {@code id@version}, as a result records it. */
  public String label() {
    return id + "@" + version;
  }

  /** The scale and subscale ids this set norms. */
  public Set<String> targets() {
    Set<String> out = new HashSet<>();
    for (NormCell cell : cells) {
      out.add(cell.target());
    }
    return out;
  }
}
