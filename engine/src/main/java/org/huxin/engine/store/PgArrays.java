package org.huxin.engine.store;

/** PostgreSQL array literals, for passing a text[] per row through one unnest() parameter. */
public final class PgArrays {

  private PgArrays() {}

  /** {@code {"a","b \"c\""}}: every element quoted, {@code "} and {@code \} escaped. */
  public static String literal(String[] elements) {
    StringBuilder out = new StringBuilder(2 + elements.length * 16).append('{');
    for (int i = 0; i < elements.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append('"');
      String element = elements[i];
      for (int j = 0; j < element.length(); j++) {
        char c = element.charAt(j);
        if (c == '"' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
      out.append('"');
    }
    return out.append('}').toString();
  }
}
