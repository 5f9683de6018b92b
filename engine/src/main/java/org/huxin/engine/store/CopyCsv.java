package org.huxin.engine.store;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import org.postgresql.copy.CopyIn;

/**
 * Writing rows for {@code COPY … (FORMAT csv)}: text fields quoted, {@code bytea} as {@code \x}
 * hex, and a chunk of rows sent to the server at a time.
 */
public final class CopyCsv {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private CopyCsv() {}

  /** Sends {@code chunk} (UTF-8) to the open COPY and empties it. */
  public static void send(CopyIn copy, StringBuilder chunk) throws SQLException {
    byte[] bytes = chunk.toString().getBytes(StandardCharsets.UTF_8);
    copy.writeToCopy(bytes, 0, bytes.length);
    chunk.setLength(0);
  }

  /** Appends {@code value} as one quoted CSV field, doubling any quote inside. */
  public static void appendText(StringBuilder out, String value) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char ch = value.charAt(i);
      if (ch == '"') {
        out.append('"');
      }
      out.append(ch);
    }
    out.append('"');
  }

  /** Appends the hex digits of {@code bytes} (the caller writes the {@code \x} prefix). */
  public static void appendHex(StringBuilder out, byte[] bytes) {
    for (byte b : bytes) {
      out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
    }
  }
}
