package org.huxin.benchmarks;

import java.util.List;
import java.util.Random;
import org.huxin.engine.scoring.Answers;
import org.huxin.engine.scoring.Respondent;
import org.huxin.scales.Item;
import org.huxin.scales.Scale;
import org.huxin.scales.SchoolBand;
import org.huxin.scales.Scoring;

/**
 * Seeded, realistic submissions to a self-report battery. Each student has a latent severity; an
 * item's answer sits near that severity on its own scale, in the scale's symptomatic direction (so
 * WHO-5 and the positive RSES items fall as severity rises). Self-harm items are answered only by
 * the profiles that call for them, as in a real class where most students deny them:
 *
 * <ul>
 *   <li>80 % calm, 13 % moderate, 4.5 % severe (a third of them with PHQ-9 item 9 "several days", a
 *       third with a non-acute ASQ "yes"), 2.5 % in crisis (PHQ-9 item 9 at "more than half the
 *       days", an acute ASQ, or an ASQ "yes" with item 9 endorsed);
 *   <li>item times of 2.5–9 s, except 4 % who hurry at 0.5–1.9 s (the speed check), with one time
 *       in a hundred unknown;
 *   <li>1 % who tick the same option throughout (straight-lining), 2 % who skip one K10 item
 *       (prorated).
 * </ul>
 *
 * <p>The tiers that result are not assumed: {@link ReferenceScorer} works them out.
 */
final class SubmissionMix {

  /** What a profile answers to the self-harm items. */
  private static final int NONE = 0;

  private static final int ITEM9_SEVERAL = 1;
  private static final int ASQ_YES = 2;
  private static final int ITEM9_OFTEN = 3;
  private static final int ASQ_ACUTE = 4;
  private static final int ASQ_YES_ITEM9 = 5;

  /** One student's submission: flat answers, item times and who answered. */
  record Submission(int[] answers, int[] millis, Respondent respondent) {}

  private final List<Scale> scales;
  private final SchoolBand band;
  private final Random random;

  SubmissionMix(List<Scale> scales, SchoolBand band, long seed) {
    this.scales = List.copyOf(scales);
    this.band = band;
    this.random = new Random(seed);
  }

  Submission next() {
    double profile = random.nextDouble();
    double severity;
    int selfHarm;
    if (profile < 0.80) {
      severity = uniform(0.02, 0.22);
      selfHarm = NONE;
    } else if (profile < 0.93) {
      severity = uniform(0.32, 0.45);
      selfHarm = NONE;
    } else if (profile < 0.975) {
      severity = uniform(0.50, 0.70);
      selfHarm = new int[] {NONE, ITEM9_SEVERAL, ASQ_YES}[random.nextInt(3)];
    } else {
      severity = uniform(0.60, 0.95);
      selfHarm = new int[] {ITEM9_OFTEN, ASQ_ACUTE, ASQ_YES_ITEM9}[random.nextInt(3)];
    }
    boolean straight = random.nextDouble() < 0.01;
    int position = random.nextInt(2);
    boolean skipK10 = random.nextDouble() < 0.02;
    boolean hurried = random.nextDouble() < 0.04;

    int items = 0;
    for (Scale scale : scales) {
      items += scale.items().size();
    }
    int[] answers = new int[items];
    int[] millis = new int[items];
    int at = 0;
    for (Scale scale : scales) {
      int k10Skip = skipK10 && scale.id().equals("k10") ? random.nextInt(scale.items().size()) : -1;
      for (int k = 0; k < scale.items().size(); k++, at++) {
        Item item = scale.items().get(k);
        int a;
        if (straight && !item.conditional() && scale.options().size() > 2) {
          a = scale.minValue() + position;
        } else if (item.critical() || item.conditional()) {
          a = selfHarm(scale, item, selfHarm, answers, at - k);
        } else if (straight) {
          a = scale.minValue() + position;
        } else {
          a = answer(scale, item, severity);
        }
        answers[at] = k == k10Skip ? Answers.MISSING : a;
        millis[at] =
            random.nextInt(100) == 0
                ? -1
                : hurried ? 500 + random.nextInt(1400) : 2500 + random.nextInt(6500);
      }
    }
    int grade = band.first() + random.nextInt(band.last() - band.first() + 1);
    return new Submission(answers, millis, new Respondent(grade, random.nextBoolean() ? 'F' : 'M'));
  }

  /**
   * A critical or conditional item: PHQ-9 item 9 and the ASQ. ASQ item 5 is asked only after a
   * "yes" to items 1–4 (their answers are already in the array) and is blank otherwise.
   */
  private int selfHarm(Scale scale, Item item, int profile, int[] answers, int scaleStart) {
    if (item.conditional()) {
      boolean asked = false;
      for (int k = 0; k < scale.items().size(); k++) {
        Item gate = scale.items().get(k);
        asked |=
            item.showIf().anyOf().contains(gate.number())
                && answers[scaleStart + k] == item.showIf().equals();
      }
      if (!asked) {
        return Answers.MISSING;
      }
      return profile == ASQ_ACUTE ? scale.maxValue() : scale.minValue();
    }
    if (scale.id().equals("asq")) {
      boolean yes =
          (profile == ASQ_YES || profile == ASQ_ACUTE || profile == ASQ_YES_ITEM9)
              && (item.number() == 1 || random.nextBoolean());
      return yes ? scale.maxValue() : scale.minValue();
    }
    return switch (profile) {
      case ITEM9_SEVERAL, ASQ_YES_ITEM9 -> scale.minValue() + 1;
      case ITEM9_OFTEN -> scale.minValue() + 2 + random.nextInt(2);
      default -> scale.minValue();
    };
  }

  /** An answer near {@code severity} of the way from the scale's best option to its worst. */
  private int answer(Scale scale, Item item, double severity) {
    int span = scale.maxValue() - scale.minValue();
    long step = Math.round(severity * span + random.nextGaussian() * 0.7);
    int worse = (int) Math.max(0, Math.min(span, step));
    boolean higherIsWorse =
        (scale.scoring().direction() == Scoring.Direction.SYMPTOM) != item.reverse();
    return higherIsWorse ? scale.minValue() + worse : scale.maxValue() - worse;
  }

  private double uniform(double low, double high) {
    return low + (high - low) * random.nextDouble();
  }
}
