package org.huxin.engine.city;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;
import org.huxin.engine.scoring.Answers;
import org.huxin.scales.Battery;
import org.huxin.scales.Item;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.Scoring;

/**
 * Plausible answers to a self-report battery, seeded. Each student has a latent severity (0 best, 1
 * worst) and answers every item near it, in the scale's symptomatic direction, so WHO-5 and the
 * positively worded RSES items fall as severity rises:
 *
 * <ul>
 *   <li>78 % calm, 13 % moderate, 6 % severe (a third with PHQ-9 item 9 at "several days", a third
 *       with a non-acute ASQ "yes"), 3 % in crisis (item 9 at "more than half the days", an acute
 *       ASQ, or an ASQ "yes" with item 9 endorsed);
 *   <li>girls a little more distressed than boys, and every grade above 7 a little more than the
 *       one below (as the K10 survey in SCALES.md found), so local norms differ by band and sex;
 *   <li>a quarter of the ASQ and PHQ-9 item 9 answers that would endorse self-harm are "I'd rather
 *       not answer" ({@link Answers#REFUSED}), which counts the same, so refusals are exercised at
 *       the same tiers;
 *   <li>item times of 2.5–9 s, except 4 % who hurry at 0.5–1.9 s (the speed check); 1 % who tick
 *       the same option throughout; 2 % who leave one K10 item blank (prorated).
 * </ul>
 */
public final class SyntheticAnswers {

  /** One submission: the flat answers and item times in the battery's layout. */
  public record Submission(int[] answers, int[] millis) {
    public Submission {
      Objects.requireNonNull(answers, "answers");
      Objects.requireNonNull(millis, "millis");
    }
  }

  /** How far a scale's severity strays from the student's: scales correlate, not coincide. */
  private static final double SCALE_SPREAD = 0.12;

  private static final int NONE = 0;
  private static final int ITEM9_SEVERAL = 1;
  private static final int ASQ_YES = 2;
  private static final int ITEM9_OFTEN = 3;
  private static final int ASQ_ACUTE = 4;
  private static final int ASQ_YES_ITEM9 = 5;

  private final List<Scale> scales;
  private final int items;
  private final SplittableRandom random;

  /** Answers to {@code battery} of {@code library}, from the stream seeded by {@code seed}. */
  public SyntheticAnswers(ScaleLibrary library, Battery battery, long seed) {
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(battery, "battery");
    List<Scale> list = new ArrayList<>();
    int count = 0;
    for (String scaleId : battery.scaleIds()) {
      Scale scale = library.scale(scaleId);
      list.add(scale);
      count += scale.items().size();
    }
    this.scales = List.copyOf(list);
    this.items = count;
    this.random = new SplittableRandom(seed);
  }

  /** The next student's submission, for a student of {@code grade} and {@code sex}. */
  public Submission next(int grade, char sex) {
    double shift = (sex == 'F' ? 0.04 : 0) + 0.012 * Math.max(0, grade - 7);
    double profile = random.nextDouble();
    double severity;
    int selfHarm;
    if (profile < 0.78) {
      severity = uniform(0.02, 0.24);
      selfHarm = NONE;
    } else if (profile < 0.91) {
      severity = uniform(0.30, 0.46);
      selfHarm = NONE;
    } else if (profile < 0.97) {
      severity = uniform(0.50, 0.70);
      selfHarm = new int[] {NONE, ITEM9_SEVERAL, ASQ_YES}[random.nextInt(3)];
    } else {
      severity = uniform(0.60, 0.95);
      selfHarm = new int[] {ITEM9_OFTEN, ASQ_ACUTE, ASQ_YES_ITEM9}[random.nextInt(3)];
    }
    severity = Math.min(1, severity + shift);
    boolean straight = random.nextInt(100) == 0;
    int position = random.nextInt(2);
    boolean skipK10 = random.nextInt(50) == 0;
    boolean hurried = random.nextInt(25) == 0;

    int[] answers = new int[items];
    int[] millis = new int[items];
    int at = 0;
    for (Scale scale : scales) {
      int skip = skipK10 && scale.id().equals("k10") ? random.nextInt(scale.items().size()) : -1;
      double own = Math.max(0, Math.min(1, severity + SCALE_SPREAD * gaussian()));
      for (int k = 0; k < scale.items().size(); k++, at++) {
        Item item = scale.items().get(k);
        int a;
        if (item.critical() || item.conditional()) {
          a = selfHarm(scale, item, selfHarm, answers, at - k);
        } else if (straight) {
          a = scale.minValue() + position;
        } else {
          a = answer(scale, item, own);
        }
        answers[at] = k == skip ? Answers.MISSING : a;
        millis[at] = hurried ? 500 + random.nextInt(1400) : 2500 + random.nextInt(6500);
      }
    }
    return new Submission(answers, millis);
  }

  /** PHQ-9 item 9 and the ASQ; ASQ item 5 is asked only after a "yes" to items 1–4. */
  private int selfHarm(Scale scale, Item item, int profile, int[] answers, int scaleStart) {
    if (item.conditional()) {
      boolean asked = false;
      for (int k = 0; k < scale.items().size(); k++) {
        Item gate = scale.items().get(k);
        int given = answers[scaleStart + k];
        int counted = given == Answers.REFUSED ? gate.refusalScoredAs() : given;
        asked |= item.showIf().anyOf().contains(gate.number()) && counted == item.showIf().equals();
      }
      if (!asked) {
        return Answers.MISSING;
      }
      return profile == ASQ_ACUTE ? refusedOr(item, scale.maxValue()) : scale.minValue();
    }
    if (scale.id().equals("asq")) {
      boolean yes =
          (profile == ASQ_YES || profile == ASQ_ACUTE || profile == ASQ_YES_ITEM9)
              && (item.number() == 1 || random.nextBoolean());
      return yes ? refusedOr(item, scale.maxValue()) : scale.minValue();
    }
    // PHQ-9 item 9 runs 0–3; the grades 1–3 self-harm proxy is a yes/no item, hence the clamp.
    int answer =
        switch (profile) {
          case ITEM9_SEVERAL, ASQ_YES_ITEM9 -> scale.minValue() + 1;
          case ITEM9_OFTEN -> scale.minValue() + 2 + random.nextInt(2);
          default -> scale.minValue();
        };
    answer = Math.min(scale.maxValue(), answer);
    return answer == scale.minValue() + 1 ? refusedOr(item, answer) : answer;
  }

  /**
   * {@code endorsing}, or a refusal one time in four when the item offers one and counts a refusal
   * as that very answer (so the tier does not move).
   */
  private int refusedOr(Item item, int endorsing) {
    boolean same = item.refusable() && item.refusalScoredAs() == endorsing;
    return same && random.nextInt(4) == 0 ? Answers.REFUSED : endorsing;
  }

  /** An answer near {@code severity} of the way from the scale's best option to its worst. */
  private int answer(Scale scale, Item item, double severity) {
    int span = scale.maxValue() - scale.minValue();
    long step = Math.round(severity * span + gaussian() * 0.7);
    int worse = (int) Math.max(0, Math.min(span, step));
    boolean higherIsWorse =
        (scale.scoring().direction() == Scoring.Direction.SYMPTOM) != item.reverse();
    return higherIsWorse ? scale.minValue() + worse : scale.maxValue() - worse;
  }

  /** A standard normal draw (Marsaglia's polar method). */
  private double gaussian() {
    double u;
    double v;
    double s;
    do {
      u = 2 * random.nextDouble() - 1;
      v = 2 * random.nextDouble() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    return u * Math.sqrt(-2 * Math.log(s) / s);
  }

  private double uniform(double low, double high) {
    return low + (high - low) * random.nextDouble();
  }
}
