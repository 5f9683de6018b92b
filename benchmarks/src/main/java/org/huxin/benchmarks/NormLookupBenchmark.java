package org.huxin.benchmarks;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.norms.NormTable;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The norm lookup every K10 score makes: T and percentile of a raw score for the respondent's
 * school band × sex under the shipped {@code k10-cn-2023} norms, whose cells have no empirical
 * table, so the percentile comes from the normal curve. Lookups cycle over {@value #LOOKUPS}
 * precomputed raw scores (10–50) in the four normed cells (grades 7–9 and 10–12, F and M).
 *
 * <p>The answer is checked against an independent computation from the norm cells' mean and SD: T =
 * 50 + 10 (raw − mean) / sd, and the percentile 100 Φ(z) with Φ(z) = ½ + ∫₀ᶻ φ by Simpson's rule on
 * 20,000 panels (error far below 1e-12). Set-up compares every lookup to 1e-9; each call adds T +
 * percentile to a sum that is closed at the end of every cycle over the lookups. Tear-down fails
 * the run unless every closed cycle summed to the same bits, that sum matches the independent cycle
 * sum to 1e-9, and the open cycle matches its prefix.
 *
 * <p>Run: {@code ./huxin bench NormLookup}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class NormLookupBenchmark {
  private static final int LOOKUPS = 1024;
  private static final String SET = "k10-cn-2023";
  private static final String TARGET = "k10";
  private static final int K10 = 0;

  private NormTable norms;
  private final int[] cells = new int[LOOKUPS];
  private final int[] raws = new int[LOOKUPS];
  private final double[] expected = new double[LOOKUPS];

  private int next;
  private long calls;
  private double open;
  private double firstCycle = Double.NaN;
  private long cycles;
  private long driftedCycles;

  @Setup(Level.Trial)
  public void prepare() {
    ScaleLibrary library = ScaleLibrary.loadDefault();
    NormSet set = library.normSet(SET);
    Scale k10 = library.scale(TARGET);
    norms =
        NormTable.compile(
            List.of(TARGET),
            new int[] {k10.scoring().min()},
            new int[] {k10.scoring().max()},
            List.of(set));
    List<NormCell> normed = set.cells().stream().filter(c -> c.target().equals(TARGET)).toList();
    if (normed.size() != 4) {
      throw new IllegalStateException(SET + " norms K10 in " + normed.size() + " cells, not 4");
    }
    Random random = new Random(7);
    for (int i = 0; i < LOOKUPS; i++) {
      NormCell cell = normed.get(random.nextInt(normed.size()));
      int raw = k10.scoring().min() + random.nextInt(k10.scoring().max() - k10.scoring().min() + 1);
      cells[i] = NormTable.cell(cell.band(), cell.sex());
      raws[i] = raw;
      double z = (raw - cell.mean()) / cell.sd();
      double t = 50 + 10 * z;
      double percentile = 100 * phi(z);
      double gotT = norms.t(K10, cells[i], raw);
      double gotP = norms.percentile(K10, cells[i], raw);
      if (Math.abs(gotT - t) > 1e-9 || Math.abs(gotP - percentile) > 1e-9) {
        throw new IllegalStateException(
            "K10 raw "
                + raw
                + " in "
                + cell.key()
                + ": T "
                + gotT
                + ", percentile "
                + gotP
                + "; independently T "
                + t
                + ", percentile "
                + percentile);
      }
      expected[i] = t + percentile;
    }
  }

  /** Φ(z) = ½ + ∫₀ᶻ φ(x) dx, by composite Simpson's rule. */
  private static double phi(double z) {
    int panels = 20_000;
    double h = z / panels;
    double sum = density(0) + density(z);
    for (int k = 1; k < panels; k++) {
      sum += (k % 2 == 1 ? 4 : 2) * density(k * h);
    }
    return 0.5 + sum * h / 3;
  }

  private static double density(double x) {
    return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
  }

  @Benchmark
  public double lookUp() {
    int i = next;
    next = (i + 1) & (LOOKUPS - 1);
    double both = norms.t(K10, cells[i], raws[i]) + norms.percentile(K10, cells[i], raws[i]);
    calls++;
    open += both;
    if (next == 0) {
      closeCycle();
    }
    return both;
  }

  private void closeCycle() {
    if (cycles == 0) {
      firstCycle = open;
    } else if (open != firstCycle) {
      driftedCycles++;
    }
    cycles++;
    open = 0;
  }

  @TearDown(Level.Trial)
  public void verify() {
    double cycle = 0;
    double prefix = 0;
    int rest = (int) (calls % LOOKUPS);
    for (int i = 0; i < LOOKUPS; i++) {
      cycle += expected[i];
      prefix += i < rest ? expected[i] : 0;
    }
    boolean cycleRight = cycles == 0 || Math.abs(firstCycle - cycle) <= 1e-9 * cycle;
    boolean openRight = Math.abs(open - prefix) <= 1e-9 * Math.max(1, prefix);
    if (cycles != calls / LOOKUPS || driftedCycles != 0 || !cycleRight || !openRight) {
      throw new IllegalStateException(
          "norm lookup is wrong over "
              + calls
              + " calls: "
              + driftedCycles
              + " of "
              + cycles
              + " cycles drifted; cycle sum "
              + firstCycle
              + ", independently "
              + cycle
              + "; open cycle "
              + open
              + ", independently "
              + prefix);
    }
  }
}
