package org.huxin.engine.scoring.archfixture;

import java.io.FileInputStream;
import java.io.IOException;

/** Opens a file: what scoring must never do. */
public final class FileLeak {

  private FileLeak() {}

  /** Touches {@code java.io.FileInputStream}. */
  public static int firstByte(String path) throws IOException {
    try (FileInputStream in = new FileInputStream(path)) {
      return in.read();
    }
  }
}
