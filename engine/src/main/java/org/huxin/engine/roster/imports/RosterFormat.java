package org.huxin.engine.roster.imports;

/** The file formats an import reads; {@link #code()} is the stored value. */
public enum RosterFormat {
  CSV("csv"),
  XLSX("xlsx");

  private final String code;

  RosterFormat(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static RosterFormat fromCode(String code) {
    for (RosterFormat format : values()) {
      if (format.code.equals(code)) {
        return format;
      }
    }
    throw new IllegalArgumentException("roster format '" + code + "' is unknown; use csv or xlsx");
  }
}
