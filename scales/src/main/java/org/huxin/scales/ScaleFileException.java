package org.huxin.scales;

/**
 * A data file is wrong. The message names the file, the item or rule, and the fault, e.g. {@code
 * instruments/phq9.json: item phq9_3: duplicate item id}. Thrown at start-up, never while scoring.
 */
public final class ScaleFileException extends RuntimeException {

  private final String file;

  /** A fault in {@code file}, a path relative to the index's folder. */
  public ScaleFileException(String file, String fault) {
    super(file + ": " + fault);
    this.file = file;
  }

  /** A fault in {@code file} caused by an I/O or parse error. */
  public ScaleFileException(String file, String fault, Throwable cause) {
    super(file + ": " + fault, cause);
    this.file = file;
  }

  /** The file at fault, relative to the index's folder. */
  public String file() {
    return file;
  }
}
