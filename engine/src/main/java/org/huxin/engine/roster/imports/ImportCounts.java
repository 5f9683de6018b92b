package org.huxin.engine.roster.imports;

/** What an import wrote. Re-importing the same file gives zero created and zero updated. */
public record ImportCounts(
    int districtsCreated,
    int schoolsCreated,
    int classesCreated,
    int studentsCreated,
    int studentsUpdated,
    int studentsUnchanged) {
  public ImportCounts {
    if (districtsCreated < 0
        || schoolsCreated < 0
        || classesCreated < 0
        || studentsCreated < 0
        || studentsUpdated < 0
        || studentsUnchanged < 0) {
      throw new IllegalArgumentException("import counts must not be negative");
    }
  }
}
