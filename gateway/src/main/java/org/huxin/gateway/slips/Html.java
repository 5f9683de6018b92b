package org.huxin.gateway.slips;

/** Escaping text for HTML element content and quoted attribute values. */
final class Html {
  private static final char REPLACEMENT = '\uFFFD';

  private Html() {}

  /**
   * {@code text} safe inside an element or a double- or single-quoted attribute: {@code & < > " '}
   * become references, and control characters other than tab and line breaks become U+FFFD.
   */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    appendEscaped(out, text);
    return out.toString();
  }

  /** Appends {@link #escape escape(text)} to {@code out}. */
  static void appendEscaped(StringBuilder out, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        case '\t', '\n', '\r' -> out.append(c);
        default -> out.append(c < 0x20 || c == 0x7F ? REPLACEMENT : c);
      }
    }
  }
}
