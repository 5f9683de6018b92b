package org.huxin.engine.roster.imports;

/** Whose rows an importer may write: the whole city ({@code districtId} null) or one district. */
public record ImportScope(Long districtId) {
  public ImportScope {
    if (districtId != null && districtId <= 0) {
      throw new IllegalArgumentException("district id must be positive, got " + districtId);
    }
  }

  public static ImportScope city() {
    return new ImportScope(null);
  }

  public static ImportScope district(long districtId) {
    return new ImportScope(districtId);
  }
}
