package org.huxin.scales;

/**
 * The four school bands batteries are written for and norms are tabled by: grades 1–3 (rated by
 * teacher and parent), 4–6, 7–9 and 10–12. Written as {@code "4-6"} in data files, the same form a
 * screening window uses for its grade bands.
 */
public enum SchoolBand {
  G1_3("1-3", 1, 3),
  G4_6("4-6", 4, 6),
  G7_9("7-9", 7, 9),
  G10_12("10-12", 10, 12);

  private static final SchoolBand[] ALL = values();

  private final String id;
  private final int first;
  private final int last;

  SchoolBand(String id, int first, int last) {
    this.id = id;
    this.first = first;
    this.last = last;
  }

  /** As written in data files, e.g. {@code 4-6}. */
  public String id() {
    return id;
  }

  /** The lowest grade of the band. */
  public int first() {
    return first;
  }

  /** The highest grade of the band. */
  public int last() {
    return last;
  }

  /** The band that holds {@code grade} (1–12). */
  public static SchoolBand ofGrade(int grade) {
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade " + grade + " is outside 1–12");
    }
    return ALL[(grade - 1) / 3];
  }

  /** The band written as {@code id}, e.g. {@code 7-9}. */
  public static SchoolBand ofId(String id) {
    for (SchoolBand band : ALL) {
      if (band.id.equals(id)) {
        return band;
      }
    }
    throw new IllegalArgumentException("band '" + id + "' is not one of 1-3, 4-6, 7-9, 10-12");
  }

  @Override
  public String toString() {
    return id;
  }
}
