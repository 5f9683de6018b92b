package org.huxin.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.city.SyntheticAnswers;
import org.huxin.engine.scoring.AnswerRejectedException;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.FiredRule;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScaleScore;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.loadtest.reference.ReferenceScorer;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.TierRuleSet;
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
 * Scoring one grades 7–9 questionnaire (PHQ-9, GAD-7, WHO-5, ASQ, K10, RSES: 46 items) with item
 * times, under the default tier rules, the shipped norms and the default validity checks: keys,
 * bands, K10 T and percentile, 13 tier rules, and the speed, straight-lining, all-extreme and
 * missing-item checks. The {@value #SUBMISSIONS} submissions come from {@link SyntheticAnswers},
 * the generator the demo windows and re-scoring use (seed {@value #SEED}); scored by the reference,
 * they are 651 routine, 218 key, 113 close and 42 crisis (every ASQ positive is a crisis since the
 * 2026-12-07 rules; a quarter of the self-harm endorsements are refusals), with 106 flagged
 * questionable or invalid. Set-up also compares each crisis level.
 *
 * <p>The answer is checked twice against {@link ReferenceScorer}, an independent, slow scorer over
 * the {@link ScaleLibrary} records. Set-up compares every submission's tier, fired rules, raw
 * scores, T scores and validity. Each call adds the tier level, the raw scores (weighted by scale
 * position, so a swap shows) and the validity code to running sums; tear-down fails the run unless
 * they equal what the reference predicts for exactly the submissions scored.
 *
 * <p>Run: {@code ./huxin bench Scoring} (allocation: {@code ./huxin bench Scoring -prof gc})
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class ScoringBenchmark {
  private static final int SUBMISSIONS = 1024;
  private static final long SEED = 20240901L;
  private static final String BATTERY = "g7-9";

  private CompiledBattery battery;
  private final int[][] answers = new int[SUBMISSIONS][];
  private final int[][] millis = new int[SUBMISSIONS][];
  private final Respondent[] respondents = new Respondent[SUBMISSIONS];
  private final long[] expectedTier = new long[SUBMISSIONS];
  private final long[] expectedRaw = new long[SUBMISSIONS];
  private final long[] expectedValidity = new long[SUBMISSIONS];

  private int next;
  private long calls;
  private long tierSum;
  private long rawSum;
  private long validitySum;

  @Setup(Level.Trial)
  public void prepare() throws AnswerRejectedException {
    ScaleLibrary library = ScaleLibrary.loadDefault();
    battery = ScoringEngine.compile(library).battery(BATTERY);
    ReferenceScorer reference = new ReferenceScorer(library, BATTERY, TierRuleSet.DEFAULT_ID);
    SyntheticAnswers mix = new SyntheticAnswers(library, battery.definition(), SEED);
    int[] tiers = new int[4];
    int flagged = 0;
    for (int i = 0; i < SUBMISSIONS; i++) {
      Respondent who = new Respondent(7 + i % 3, i % 2 == 0 ? 'F' : 'M');
      SyntheticAnswers.Submission s = mix.next(who.grade(), who.sex());
      answers[i] = s.answers();
      millis[i] = s.millis();
      respondents[i] = who;
      ReferenceScorer.Expected want =
          reference.score(s.answers(), s.millis(), who.grade(), who.sex());
      ScoredResult got = battery.score(s.answers(), s.millis(), who);
      compare(i, want, got);
      expectedTier[i] = want.tier();
      expectedRaw[i] = weighted(want.raws());
      expectedValidity[i] = want.validity();
      tiers[want.tier()]++;
      flagged += want.validity() > 0 ? 1 : 0;
    }
    List<Integer> mixSeen = List.of(tiers[0], tiers[1], tiers[2], tiers[3], flagged);
    if (!mixSeen.equals(List.of(651, 218, 113, 42, 106))) {
      throw new IllegalStateException(
          "submission mix changed (routine, key, close, crisis, flagged): "
              + mixSeen
              + "; update the class javadoc and this check");
    }
  }

  private static void compare(int i, ReferenceScorer.Expected want, ScoredResult got) {
    int[] raws = got.scales().stream().mapToInt(ScaleScore::raw).toArray();
    double[] t = got.scales().stream().mapToDouble(ScaleScore::t).toArray();
    List<String> fired = got.firedRules().stream().map(FiredRule::ruleId).toList();
    boolean sameT = t.length == want.t().length;
    for (int k = 0; sameT && k < t.length; k++) {
      sameT =
          Double.isNaN(want.t()[k])
              ? Double.isNaN(t[k])
              : Math.abs(t[k] - want.t()[k]) <= 1e-9 * Math.abs(want.t()[k]);
    }
    if (got.tier().level() != want.tier()
        || got.crisisLevelCode() != want.crisisLevel()
        || !fired.equals(want.firedRules())
        || !Arrays.equals(raws, want.raws())
        || !sameT
        || got.validity().code() != want.validity()) {
      throw new IllegalStateException(
          "submission "
              + i
              + ": engine gives tier "
              + got.tier().level()
              + " "
              + fired
              + ", raws "
              + Arrays.toString(raws)
              + ", T "
              + Arrays.toString(t)
              + ", validity "
              + got.validity().code()
              + " level "
              + got.crisisLevelCode()
              + "; the reference gives tier "
              + want.tier()
              + " level "
              + want.crisisLevel()
              + " "
              + want.firedRules()
              + ", raws "
              + Arrays.toString(want.raws())
              + ", T "
              + Arrays.toString(want.t())
              + ", validity "
              + want.validity());
    }
  }

  /** Raw scores weighted by scale position, so two scales' raws swapped change the sum. */
  private static long weighted(int[] raws) {
    long sum = 0;
    for (int k = 0; k < raws.length; k++) {
      sum += (k + 1L) * raws[k];
    }
    return sum;
  }

  @Benchmark
  public ScoredResult score() throws AnswerRejectedException {
    int i = next;
    next = (i + 1) & (SUBMISSIONS - 1);
    ScoredResult result = battery.score(answers[i], millis[i], respondents[i]);
    List<ScaleScore> scales = result.scales();
    long raw = 0;
    for (int k = 0; k < scales.size(); k++) {
      raw += (k + 1L) * scales.get(k).raw();
    }
    calls++;
    tierSum += result.tier().level();
    rawSum += raw;
    validitySum += result.validity().code();
    return result;
  }

  @TearDown(Level.Trial)
  public void verify() {
    // Calls start at submission 0 and cycle, so each full cycle scores every submission once.
    long cycles = calls / SUBMISSIONS;
    int rest = (int) (calls % SUBMISSIONS);
    long[] want = {
      predicted(expectedTier, cycles, rest),
      predicted(expectedRaw, cycles, rest),
      predicted(expectedValidity, cycles, rest)
    };
    long[] got = {tierSum, rawSum, validitySum};
    if (!Arrays.equals(want, got)) {
      throw new IllegalStateException(
          "scoring is wrong over "
              + calls
              + " calls: tier, weighted raw and validity sums "
              + Arrays.toString(got)
              + ", the reference predicts "
              + Arrays.toString(want));
    }
  }

  private static long predicted(long[] perSubmission, long cycles, int rest) {
    long cycle = 0;
    long prefix = 0;
    for (int i = 0; i < perSubmission.length; i++) {
      cycle += perSubmission[i];
      prefix += i < rest ? perSubmission[i] : 0;
    }
    return cycles * cycle + prefix;
  }
}
