package org.huxin.engine.reports;

/**
 * The raw figures of one unit in one window, before anything is withheld: per grade (index {@code
 * grade - 1}) the students in scope and those of them without guardian consent, and per grade × sex
 * ({@code 0} female, {@code 1} male) × tier ({@code 0..3}) the students who were screened, each
 * counted once at the highest tier of their forms. Never leaves the engine unsuppressed.
 */
public record UnitCounts(long[] inScope, long[] withoutConsent, long[][][] students) {

  public static final int GRADES = 12;
  public static final int SEXES = 2;
  public static final int TIERS = 4;

  public UnitCounts {
    if (inScope.length != GRADES || withoutConsent.length != GRADES || students.length != GRADES) {
      throw new IllegalArgumentException("unit counts hold grades 1..12");
    }
    inScope = inScope.clone();
    withoutConsent = withoutConsent.clone();
    long[][][] copy = new long[GRADES][SEXES][];
    for (int g = 0; g < GRADES; g++) {
      if (students[g].length != SEXES) {
        throw new IllegalArgumentException("grade " + (g + 1) + " must have 2 sexes");
      }
      for (int s = 0; s < SEXES; s++) {
        if (students[g][s].length != TIERS) {
          throw new IllegalArgumentException("grade " + (g + 1) + " must have tiers 0..3");
        }
        copy[g][s] = students[g][s].clone();
      }
    }
    students = copy;
  }

  /** All zero. */
  public static UnitCounts empty() {
    return new UnitCounts(new long[GRADES], new long[GRADES], new long[GRADES][SEXES][TIERS]);
  }

  /** Index of sex {@code 'F'} or {@code 'M'}. */
  public static int sexIndex(char sex) {
    return switch (sex) {
      case 'F' -> 0;
      case 'M' -> 1;
      default -> throw new IllegalArgumentException("sex must be F or M, got " + sex);
    };
  }

  public long inScope(int grade) {
    return inScope[grade - 1];
  }

  public long withoutConsent(int grade) {
    return withoutConsent[grade - 1];
  }

  public long students(int grade, int sex, int tier) {
    return students[grade - 1][sex][tier];
  }

  /** Students screened in {@code grade}, any sex and tier. */
  public long screened(int grade) {
    long n = 0;
    for (long[] bySex : students[grade - 1]) {
      for (long c : bySex) {
        n += c;
      }
    }
    return n;
  }

  /** Returns a copy with {@code n} more students in grade × sex × tier. */
  public UnitCounts plusStudents(int grade, char sex, int tier, long n) {
    UnitCounts copy = new UnitCounts(inScope, withoutConsent, students);
    copy.students[grade - 1][sexIndex(sex)][tier] += n;
    return copy;
  }

  /** Returns a copy with the roster figures of {@code grade} set. */
  public UnitCounts withRoster(int grade, long inScopeCount, long withoutConsentCount) {
    UnitCounts copy = new UnitCounts(inScope, withoutConsent, students);
    copy.inScope[grade - 1] = inScopeCount;
    copy.withoutConsent[grade - 1] = withoutConsentCount;
    return copy;
  }
}
