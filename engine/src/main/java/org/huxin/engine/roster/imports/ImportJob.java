package org.huxin.engine.roster.imports;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One import as stored: who started it, the file, where it is, how far ({@code rowsTotal} is null
 * until the file is read), what it wrote ({@code counts}, when done) and what was wrong ({@code
 * errors}: the first 1,000 of {@code errorCount}; {@code message} for the file as a whole).
 */
public record ImportJob(
    long id,
    long actorId,
    String fileName,
    RosterFormat format,
    ImportState state,
    Integer rowsTotal,
    int rowsDone,
    ImportCounts counts,
    List<RowError> errors,
    int errorCount,
    String message,
    Instant startedAt,
    Instant finishedAt) {
  public ImportJob {
    Objects.requireNonNull(fileName, "fileName");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(startedAt, "startedAt");
    errors = List.copyOf(errors);
    if (state == ImportState.DONE && counts == null) {
      throw new IllegalArgumentException("a done import has counts");
    }
  }
}
