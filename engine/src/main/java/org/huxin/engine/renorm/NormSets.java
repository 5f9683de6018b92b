package org.huxin.engine.renorm;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.huxin.engine.norms.NormTable;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;

/**
 * Finds the norm sets a label names, as results record it ({@code id@version}, several joined by
 * {@code +}, or {@value NormTable#NONE}): a saved version first, else a shipped set of that exact
 * version. {@link #keep} copies shipped sets into the store, so that a label a result records can
 * still be read after a later build ships other figures.
 */
public final class NormSets {

  private final ScaleLibrary library;
  private final NormSetStore store;

  public NormSets(ScaleLibrary library, NormSetStore store) {
    this.library = Objects.requireNonNull(library, "library");
    this.store = Objects.requireNonNull(store, "store");
  }

  /**
   * The sets {@code label} names, checked against the library.
   *
   * @throws RenormException naming a set that is neither saved nor shipped, or does not fit the
   *     library's scales and batteries
   */
  public List<NormSet> resolve(String label) {
    List<NormSet> sets = new ArrayList<>();
    for (String one : split(label)) {
      NormSet set = find(one).orElseThrow(() -> new RenormException(unknown(one)));
      try {
        library.checkNormSet(set);
      } catch (IllegalArgumentException e) {
        throw new RenormException(
            "norm set " + one + " does not fit this build's scales: " + e.getMessage(), e);
      }
      sets.add(set);
    }
    return List.copyOf(sets);
  }

  /**
   * The set {@code id@version}, saved or shipped (live or retired). A saved copy of a shipped set
   * with the same cells is the shipped set, so a copy saved before labels existed reads with the
   * shipped label.
   */
  public Optional<NormSet> find(String idAtVersion) {
    Optional<NormSet> shipped = library.findNormSet(idAtVersion);
    Optional<NormSetStore.Saved> saved = store.find(idAtVersion);
    if (saved.isPresent()) {
      NormSet copy = saved.get().set();
      return shipped.isPresent() && shipped.get().cells().equals(copy.cells())
          ? shipped
          : Optional.of(copy);
    }
    return shipped;
  }

  /** Saves each shipped set of {@code sets} (live or retired) that the store lacks, as a copy. */
  public void keep(List<NormSet> sets) {
    for (NormSet set : sets) {
      if (library.allNormSets().contains(set)) {
        store.saveIfAbsent(set, NormSetStore.Provenance.shipped());
      }
    }
  }

  /**
   * The {@code id@version} parts of a label; none for {@value NormTable#NONE}.
   *
   * @throws RenormException if a part is not {@code id@version}
   */
  public static List<String> split(String label) {
    Objects.requireNonNull(label, "label");
    if (label.equals(NormTable.NONE)) {
      return List.of();
    }
    List<String> parts = new ArrayList<>();
    for (String part : label.split("\\+", -1)) {
      int at = part.indexOf('@');
      if (at <= 0 || at == part.length() - 1 || part.indexOf('@', at + 1) >= 0) {
        throw new RenormException(
            "norm set '"
                + part
                + "' in '"
                + label
                + "' must be id@version, e.g. local-w3@1.0.0; join several with +");
      }
      if (parts.contains(part)) {
        throw new RenormException("norm set " + part + " is named twice in '" + label + "'");
      }
      parts.add(part);
    }
    return parts;
  }

  private String unknown(String label) {
    List<String> known = new ArrayList<>();
    store.list().forEach(s -> known.add(s.label()));
    library.allNormSets().forEach(s -> known.add(s.label()));
    return "no norm set "
        + label
        + " is saved or shipped; known: "
        + (known.isEmpty() ? "none" : String.join(", ", known.stream().distinct().toList()));
  }
}
