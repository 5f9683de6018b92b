package org.huxin.engine.roster.imports;

/** Where an import is; {@link #code()} is the stored value. The last three are final. */
public enum ImportState {
  PARSING,
  VALIDATING,
  WRITING,
  DONE,
  REJECTED,
  FAILED;

  public String code() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public boolean finished() {
    return this == DONE || this == REJECTED || this == FAILED;
  }

  public static ImportState fromCode(String code) {
    for (ImportState state : values()) {
      if (state.code().equals(code)) {
        return state;
      }
    }
    throw new IllegalArgumentException("import state '" + code + "' is unknown");
  }
}
