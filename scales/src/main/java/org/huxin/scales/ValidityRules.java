package org.huxin.scales;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The thresholds of the answer-pattern checks that mark a result valid, questionable or invalid.
 * Each check is optional (null = off) and names the level it flags. Validity never changes a tier.
 *
 * @param speed median time per item too short
 * @param straightLining the same option throughout a mixed-keyed group of scales
 * @param allExtreme every answer at the top or the bottom of its scale
 * @param missing blanks within and beyond each scale's allowance
 * @param refusal the level of an "I'd rather not answer" on an item that offers it; a refusal is
 *     always recorded as a flag (SCALES.md: "counts as 1 and is flagged"), so it is never {@code
 *     valid} here
 * @param note for the psychologist auditing the file: which groups are checked and why; or ""
 */
public record ValidityRules(
    String id,
    String version,
    Speed speed,
    StraightLining straightLining,
    AllExtreme allExtreme,
    Missing missing,
    Level refusal,
    String note) {

  /** What a check sets the result's validity to when it fires. */
  public enum Level {
    /** Leave it valid (the check is recorded nowhere). */
    VALID("valid"),
    /** Scored, but doubtful. */
    QUESTIONABLE("questionable"),
    /** Not to be trusted; retest. */
    INVALID("invalid");

    private final String key;

    Level(String key) {
      this.key = key;
    }

    /** As written in a validity file. */
    public String key() {
      return key;
    }

    /** The level written as {@code key}. */
    public static Level ofKey(String key) {
      for (Level level : values()) {
        if (level.key.equals(key)) {
          return level;
        }
      }
      throw new IllegalArgumentException(
          "flag '" + key + "' is not valid, questionable or invalid");
    }
  }

  /**
   * Flags when the median time per answered item is below {@code medianMillisBelow}; checked only
   * when item times were sent and at least {@code minItems} items were answered.
   */
  public record Speed(int medianMillisBelow, int minItems, Level flag) {
    public Speed {
      if (medianMillisBelow < 1) {
        throw new IllegalArgumentException("speed: medianMillisBelow must be at least 1");
      }
      if (minItems < 1) {
        throw new IllegalArgumentException("speed: minItems must be at least 1");
      }
      Objects.requireNonNull(flag, "speed: flag");
    }
  }

  /**
   * Scales whose items are read together for straight-lining, e.g. RSES alone (its items are keyed
   * both ways). The loader refuses a group whose scales' option sets differ: the same option
   * position means different things on them (PHQ-9's "一半以上的天数" is not WHO-5's "少于一半的时间").
   */
  public record Group(String id, List<String> scaleIds) {
    public Group {
      Objects.requireNonNull(id, "id");
      if (!Band.NAME.matcher(id).matches()) {
        throw new IllegalArgumentException("group '" + id + "': id must match [a-z][a-z0-9_]*");
      }
      scaleIds = List.copyOf(scaleIds);
      if (scaleIds.isEmpty() || new HashSet<>(scaleIds).size() != scaleIds.size()) {
        throw new IllegalArgumentException("group " + id + ": needs distinct scale ids");
      }
    }
  }

  /**
   * Flags when, within a group whose scales are all in the battery, every answered item has the
   * same option position (answer − lowest option) and at least {@code minItems} were answered.
   * Groups must mix keys (reverse-keyed items), so the same option throughout contradicts itself,
   * and their scales must share one option set.
   */
  public record StraightLining(List<Group> groups, int minItems, Level flag) {
    public StraightLining {
      groups = List.copyOf(groups);
      if (groups.isEmpty()) {
        throw new IllegalArgumentException("straightLining: names no groups");
      }
      Set<String> ids = new HashSet<>();
      for (Group g : groups) {
        if (!ids.add(g.id())) {
          throw new IllegalArgumentException("straightLining: group " + g.id() + " twice");
        }
      }
      if (minItems < 2) {
        throw new IllegalArgumentException("straightLining: minItems must be at least 2");
      }
      Objects.requireNonNull(flag, "straightLining: flag");
    }
  }

  /**
   * Flags when every answer to the battery's scales with {@code minOptions} or more options (K10,
   * WHO-5 at 5) is its lowest or highest option, at least {@code minItems} such items were answered
   * and, if {@code bothDirections}, answers sit at both the most and the least symptomatic end.
   * (All least symptomatic is the common healthy profile; all most symptomatic is what the tiers
   * are for.) Scales with fewer options are left out: on a 3- or 4-option scale (PSC-17, PHQ-9) an
   * end option is an ordinary answer, and a textbook profile uses both ends.
   */
  public record AllExtreme(int minItems, boolean bothDirections, Level flag, int minOptions) {

    /** What {@code minOptions} is when a file leaves it out (SCALES.md: 5 or more options). */
    public static final int DEFAULT_MIN_OPTIONS = 5;

    public AllExtreme {
      if (minItems < 2) {
        throw new IllegalArgumentException("allExtreme: minItems must be at least 2");
      }
      Objects.requireNonNull(flag, "allExtreme: flag");
      if (minOptions < 3) {
        throw new IllegalArgumentException(
            "allExtreme: minOptions must be at least 3; with two options every answer is an end");
      }
    }

    /** Counted on scales of {@value #DEFAULT_MIN_OPTIONS} or more options. */
    public AllExtreme(int minItems, boolean bothDirections, Level flag) {
      this(minItems, bothDirections, flag, DEFAULT_MIN_OPTIONS);
    }
  }

  /**
   * The level for a scale with blanks within its missing rule's allowance, and beyond it (e.g. four
   * or more blank PSC-17 items).
   */
  public record Missing(Level withinAllowance, Level beyondAllowance) {
    public Missing {
      Objects.requireNonNull(withinAllowance, "missing: withinAllowance");
      Objects.requireNonNull(beyondAllowance, "missing: beyondAllowance");
    }
  }

  /** Used when the index names no validity file: only the missing-item check. */
  public static final ValidityRules MISSING_ONLY =
      new ValidityRules(
          "missing-only", "1", null, null, null, new Missing(Level.QUESTIONABLE, Level.INVALID));

  /** Rules with no note. */
  public ValidityRules(
      String id,
      String version,
      Speed speed,
      StraightLining straightLining,
      AllExtreme allExtreme,
      Missing missing,
      Level refusal) {
    this(id, version, speed, straightLining, allExtreme, missing, refusal, "");
  }

  /** Rules whose refusals are {@link Level#QUESTIONABLE}. */
  public ValidityRules(
      String id,
      String version,
      Speed speed,
      StraightLining straightLining,
      AllExtreme allExtreme,
      Missing missing) {
    this(id, version, speed, straightLining, allExtreme, missing, Level.QUESTIONABLE);
  }

  public ValidityRules {
    Objects.requireNonNull(id, "id");
    if (!TierRuleSet.ID.matcher(id).matches() || id.length() > 32) {
      throw new IllegalArgumentException(
          "validity rules " + id + ": id must be lower-case letters, digits and '-'");
    }
    Scale.checkVersion("validity rules " + id + ": ", version);
    Objects.requireNonNull(missing, () -> "validity rules " + id + ": missing");
    Objects.requireNonNull(refusal, () -> "validity rules " + id + ": refusal");
    Objects.requireNonNull(note, () -> "validity rules " + id + ": note");
    if (refusal == Level.VALID) {
      throw new IllegalArgumentException(
          "validity rules "
              + id
              + ": refusal must be questionable or invalid; a refusal is flagged");
    }
  }
}
