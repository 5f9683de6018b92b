package org.huxin.engine.norms;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.PercentileTable;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.Subscale;

/**
 * Builds a new {@link NormSet} version from a finished window's raw scores: one cell per scale or
 * subscale × school band × sex, with n, mean, sample SD and an empirical percentile table
 * (mid-rank: 100 × (count below + half the count equal) / n) over the target's whole range.
 *
 * <p>A cell is refused, and reported in {@link Outcome#refused()}, when its n is below the minimum
 * or all its scores are equal (SD 0). Both sexes of every target × band that was observed at all
 * are considered, so a sex with no observations is reported too rather than silently absent.
 *
 * <p>Observations are counted into a histogram per cell as they arrive, so memory stays at the size
 * of the score ranges however many results a window holds. Which results to feed (e.g. only valid
 * ones, one per student) is the caller's choice. Not thread-safe; pure, no I/O.
 */
public final class LocalNormBuilder {

  /** A cell that was not put in the norm set, and why. */
  public record RefusedCell(String target, SchoolBand band, char sex, int n, String reason) {
    public RefusedCell {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(band, "band");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * What {@link #build} made: the norm set, if any cell had enough observations, and every refused
   * cell.
   */
  public record Outcome(Optional<NormSet> normSet, List<RefusedCell> refused) {
    public Outcome {
      Objects.requireNonNull(normSet, "normSet");
      refused = List.copyOf(refused);
    }
  }

  private final ScaleLibrary library;
  private final int minimumN;
  private final Map<String, int[]> ranges = new LinkedHashMap<>();
  private final Map<String, long[]> histograms = new LinkedHashMap<>();

  /**
   * A builder for the scales and subscales of {@code library}.
   *
   * @param minimumN the smallest n a cell may have, at least 2
   */
  public LocalNormBuilder(ScaleLibrary library, int minimumN) {
    this.library = Objects.requireNonNull(library, "library");
    if (minimumN < 2) {
      throw new IllegalArgumentException("minimum n " + minimumN + " is below 2");
    }
    this.minimumN = minimumN;
    for (Scale scale : library.scales()) {
      ranges.put(scale.id(), new int[] {scale.scoring().min(), scale.scoring().max()});
      for (Subscale sub : scale.subscales()) {
        int n = sub.itemIds().size();
        ranges.put(sub.id(), new int[] {n * scale.minValue(), n * scale.maxValue()});
      }
    }
  }

  /**
   * Counts one raw score.
   *
   * @throws IllegalArgumentException if the target is not a scale or subscale of the library, or
   *     the raw score is outside its range
   */
  public LocalNormBuilder add(SchoolBand band, char sex, String target, int raw) {
    return add(new NormObservation(band, sex, target, raw));
  }

  /** Counts one observation; see {@link #add(SchoolBand, char, String, int)}. */
  public LocalNormBuilder add(NormObservation o) {
    int[] range = ranges.get(o.target());
    if (range == null) {
      throw new IllegalArgumentException("no scale or subscale " + o.target());
    }
    if (o.raw() < range[0] || o.raw() > range[1]) {
      throw new IllegalArgumentException(
          o.target() + " raw " + o.raw() + " is outside " + range[0] + "–" + range[1]);
    }
    String key = o.target() + " " + o.band().id() + " " + o.sex();
    histograms.computeIfAbsent(key, k -> new long[range[1] - range[0] + 1])[o.raw() - range[0]]++;
    return this;
  }

  /** Counts every observation of {@code observations}. */
  public LocalNormBuilder addAll(Iterable<NormObservation> observations) {
    for (NormObservation o : observations) {
      add(o);
    }
    return this;
  }

  /**
   * Builds the norm set from what was counted.
   *
   * @param citation where the figures come from, e.g. the window and its dates
   * @throws IllegalArgumentException if the accepted cells do not fit the library (a cell for a
   *     band whose batteries do not ask that scale)
   */
  public Outcome build(
      String id, String version, LocalizedText title, String citation, String note) {
    return build(id, version, title, title, citation, note);
  }

  /**
   * Builds the norm set, with {@code label} shown beside every T and percentile from it (e.g.
   * 本地常模（2025秋季筛查）).
   *
   * @see #build(String, String, LocalizedText, String, String)
   */
  public Outcome build(
      String id,
      String version,
      LocalizedText title,
      LocalizedText label,
      String citation,
      String note) {
    List<NormCell> cells = new ArrayList<>();
    List<RefusedCell> refused = new ArrayList<>();
    for (Map.Entry<String, int[]> target : ranges.entrySet()) {
      for (SchoolBand band : SchoolBand.values()) {
        long[] f = histograms.get(target.getKey() + " " + band.id() + " F");
        long[] m = histograms.get(target.getKey() + " " + band.id() + " M");
        if (f == null && m == null) {
          continue;
        }
        cell(target.getKey(), target.getValue()[0], band, 'F', f, cells, refused);
        cell(target.getKey(), target.getValue()[0], band, 'M', m, cells, refused);
      }
    }
    if (cells.isEmpty()) {
      return new Outcome(Optional.empty(), refused);
    }
    NormSet set = new NormSet(id, version, title, label, citation, note, cells);
    library.checkNormSet(set);
    return new Outcome(Optional.of(set), refused);
  }

  private void cell(
      String target,
      int from,
      SchoolBand band,
      char sex,
      long[] histogram,
      List<NormCell> cells,
      List<RefusedCell> refused) {
    long n = 0;
    double sum = 0;
    if (histogram != null) {
      for (int k = 0; k < histogram.length; k++) {
        n += histogram[k];
        sum += (double) histogram[k] * (from + k);
      }
    }
    if (n < minimumN) {
      refused.add(
          new RefusedCell(
              target, band, sex, (int) n, "n " + n + " is below the minimum " + minimumN));
      return;
    }
    double mean = sum / n;
    double squares = 0;
    for (int k = 0; k < histogram.length; k++) {
      double d = from + k - mean;
      squares += histogram[k] * d * d;
    }
    double sd = Math.sqrt(squares / (n - 1));
    if (!(sd > 0)) {
      refused.add(
          new RefusedCell(
              target,
              band,
              sex,
              (int) n,
              "all " + n + " scores are " + Math.round(mean) + ", so the SD is 0"));
      return;
    }
    List<Double> percentiles = new ArrayList<>(histogram.length);
    long below = 0;
    for (long count : histogram) {
      percentiles.add(100.0 * (below + count / 2.0) / n);
      below += count;
    }
    cells.add(
        new NormCell(
            target,
            band,
            sex,
            (int) Math.min(Integer.MAX_VALUE, n),
            mean,
            sd,
            false,
            new PercentileTable(from, percentiles)));
  }
}
