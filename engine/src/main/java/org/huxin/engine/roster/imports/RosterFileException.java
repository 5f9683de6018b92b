package org.huxin.engine.roster.imports;

/**
 * The file as a whole cannot be read as a roster (not a spreadsheet, no header, an unknown or
 * missing column); the message says what to fix.
 */
public final class RosterFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int row;

  public RosterFileException(int row, String message) {
    super(message);
    this.row = row;
  }

  public RosterFileException(String message, Throwable cause) {
    super(message, cause);
    this.row = 0;
  }

  /** The file row at fault (1 for the header), or 0 for the whole file. */
  public int row() {
    return row;
  }
}
