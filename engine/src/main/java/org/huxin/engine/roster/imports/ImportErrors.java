package org.huxin.engine.roster.imports;

import java.util.ArrayList;
import java.util.List;

/** Collects the faults of a file: all are counted, the first {@link #LISTED} are kept. */
public final class ImportErrors {
  /** How many faults are listed; the rest are only counted. */
  public static final int LISTED = 1_000;

  private final List<RowError> listed = new ArrayList<>();
  private int count;

  public void add(int row, String column, String message) {
    count++;
    if (listed.size() < LISTED) {
      listed.add(new RowError(row, column, message));
    }
  }

  public int count() {
    return count;
  }

  public boolean isEmpty() {
    return count == 0;
  }

  /** The first {@link #LISTED} faults, in the order they were found. */
  public List<RowError> listed() {
    return List.copyOf(listed);
  }
}
