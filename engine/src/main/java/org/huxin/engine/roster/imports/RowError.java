package org.huxin.engine.roster.imports;

import java.util.Objects;

/**
 * One fault of a roster file: the file row (1-based, the header is row 1; 0 for the file as a
 * whole), the column as its header reads ("" when no one column is at fault) and what to fix. A
 * message never quotes a student's name.
 */
public record RowError(int row, String column, String message) {
  public RowError {
    if (row < 0) {
      throw new IllegalArgumentException("row must be >= 0, got " + row);
    }
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(message, "message");
    if (message.isBlank()) {
      throw new IllegalArgumentException("an error needs a message");
    }
  }
}
