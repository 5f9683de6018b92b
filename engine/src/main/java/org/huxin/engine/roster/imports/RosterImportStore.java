package org.huxin.engine.roster.imports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;
import org.huxin.engine.store.Transactions;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs roster imports and keeps each one's state in {@code roster_import}, where every gateway node
 * reads it. {@link #begin} records a new import and {@link #find} and {@link #recent} read them
 * back, on the reactive client; {@link #run} reads, checks and writes the file over JDBC, blocking,
 * and reports progress every {@link #PROGRESS_EVERY} rows. A file with any fault is rejected whole
 * with every faulty row counted and the first 1,000 listed; nothing of it is written.
 */
public final class RosterImportStore {
  /** Rows between two progress updates. */
  public static final int PROGRESS_EVERY = 5_000;

  private static final Logger LOG = LoggerFactory.getLogger(RosterImportStore.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<List<RowError>> ERROR_LIST = new TypeReference<>() {};
  private static final String COLUMNS =
      "id, actor_id, file_name, format, state, rows_total, rows_done, counts::text AS counts,"
          + " errors::text AS errors, error_count, message, started_at, finished_at";

  private final DataSource dataSource;
  private final NameCipher cipher;
  private final Clock clock;

  public RosterImportStore(DataSource dataSource, NameCipher cipher, Clock clock) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Records a new import of {@code fileName} by staff account {@code actorId}; the future holds its
   * id.
   */
  public Future<Long> begin(SqlClient client, long actorId, String fileName, RosterFormat format) {
    return client
        .preparedQuery(
            "INSERT INTO roster_import (actor_id, file_name, format, started_at)"
                + " VALUES ($1, $2, $3, $4) RETURNING id")
        .execute(Tuple.of(actorId, fileName, format.code(), Rows.at(clock.instant())))
        .map(rows -> rows.iterator().next().getLong(0))
        .recover(Sql.failed("record a roster import"));
  }

  /**
   * Reads {@code file}, checks every row and, when no row is faulty, writes them all in one
   * transaction. Never throws for a bad file: the outcome is the returned (and stored) job, {@code
   * done}, {@code rejected} or {@code failed}.
   */
  public ImportJob run(long importId, Path file, RosterFormat format, ImportScope scope) {
    return run(importId, file, format, scope, counts -> {});
  }

  /**
   * As {@link #run(long, Path, RosterFormat, ImportScope)}; {@code afterCommit} runs once the rows
   * are committed and before the import is marked done (a gateway reloads its roster there, so a
   * console never sees "done" before the new students can log in). Its failure is logged only.
   */
  public ImportJob run(
      long importId,
      Path file,
      RosterFormat format,
      ImportScope scope,
      Consumer<ImportCounts> afterCommit) {
    long start = System.nanoTime();
    try {
      String own = scope.districtId() == null ? null : ownDistrict(scope.districtId());
      RosterValidator validator = new RosterValidator(own);
      RosterFiles.read(
          file,
          format,
          (row, cells) -> {
            validator.accept(row, cells);
            if (validator.rowsRead() > 0 && validator.rowsRead() % PROGRESS_EVERY == 0) {
              progress(importId, ImportState.PARSING, null, validator.rowsRead());
            }
          });
      validator.requireHeader();
      int total = validator.rowsRead();
      if (total == 0) {
        throw new RosterFileException(0, "the file has a header but no student rows");
      }
      progress(importId, ImportState.VALIDATING, total, 0);
      long read = System.nanoTime();
      ImportJob job = writeOrReject(importId, validator, total, afterCommit);
      LOG.info(
          "roster import {}: {} rows {}, read and checked in {} ms, then {} ms",
          importId,
          total,
          job.state().code(),
          (read - start) / 1_000_000,
          (System.nanoTime() - read) / 1_000_000);
      return job;
    } catch (RosterFileException e) {
      ImportErrors errors = new ImportErrors();
      errors.add(e.row(), "", e.getMessage());
      return finish(importId, ImportState.REJECTED, null, null, errors, e.getMessage());
    } catch (RuntimeException e) {
      LOG.error("roster import {} failed: {}", importId, e.getClass().getName());
      return finish(
          importId,
          ImportState.FAILED,
          null,
          null,
          new ImportErrors(),
          "the import failed on our side and wrote nothing; try again (" + safeMessage(e) + ")");
    }
  }

  private ImportJob writeOrReject(
      long importId, RosterValidator validator, int total, Consumer<ImportCounts> afterCommit) {
    ImportErrors errors = validator.errors();
    List<RosterRow> rows = validator.rows();
    try {
      Optional<ImportCounts> written =
          Transactions.inTransaction(
              dataSource,
              c -> {
                RosterWriteBatch.lock(c);
                RosterWriteBatch.check(c, rows, errors, validator.header(RosterColumn.SCHOOL_CODE));
                if (!errors.isEmpty()) {
                  c.rollback();
                  return Optional.empty();
                }
                progress(importId, ImportState.WRITING, total, 0);
                return Optional.of(
                    RosterWriteBatch.write(
                        c,
                        rows,
                        cipher,
                        clock.instant(),
                        done -> progress(importId, ImportState.WRITING, total, done)));
              });
      if (written.isEmpty()) {
        return finish(
            importId,
            ImportState.REJECTED,
            total,
            null,
            errors,
            errors.count() + " faulty rows; the file was not imported, fix them and upload again");
      }
      try {
        afterCommit.accept(written.get());
      } catch (RuntimeException e) {
        LOG.error("after roster import {}: {}", importId, e.getClass().getName());
      }
      return finish(importId, ImportState.DONE, total, written.get(), errors, null);
    } catch (SQLException e) {
      throw failure("write roster import " + importId, e);
    }
  }

  /** The import {@code id}, if there is one. */
  public Future<Optional<ImportJob>> find(SqlClient client, long id) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " FROM roster_import WHERE id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Optional.ofNullable(Rows.first(rows, RosterImportStore::job)))
        .recover(Sql.failed("read roster import " + id));
  }

  /** The newest {@code limit} imports of staff account {@code actorId}, newest first. */
  public Future<List<ImportJob>> recent(SqlClient client, long actorId, int limit) {
    return client
        .preparedQuery(
            "SELECT "
                + COLUMNS
                + " FROM roster_import WHERE actor_id = $1 ORDER BY id DESC LIMIT $2")
        .execute(Tuple.of(actorId, limit))
        .map(rows -> Rows.list(rows, RosterImportStore::job))
        .recover(Sql.failed("list the roster imports of account " + actorId));
  }

  private String ownDistrict(long districtId) {
    try (Connection c = dataSource.getConnection()) {
      String code = RosterWriteBatch.districtCode(c, districtId);
      if (code == null) {
        throw new StoreException("district " + districtId + " of the importer does not exist");
      }
      return code;
    } catch (SQLException e) {
      throw failure("read district " + districtId, e);
    }
  }

  private void progress(long id, ImportState state, Integer total, int done) {
    String sql = "UPDATE roster_import SET state = ?, rows_total = ?, rows_done = ? WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, state.code());
      ps.setObject(2, total);
      ps.setInt(3, done);
      ps.setLong(4, id);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw failure("report the progress of roster import " + id, e);
    }
  }

  private ImportJob finish(
      long id,
      ImportState state,
      Integer total,
      ImportCounts counts,
      ImportErrors errors,
      String message) {
    List<RowError> listed = new ArrayList<>(errors.listed());
    listed.sort(Comparator.comparingInt(RowError::row));
    String sql =
        "UPDATE roster_import SET state = ?, rows_total = ?, rows_done = ?, counts = ?::jsonb,"
            + " errors = ?::jsonb, error_count = ?, message = ?, finished_at = ? WHERE id = ?"
            + " RETURNING "
            + COLUMNS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, state.code());
      ps.setObject(2, total);
      ps.setInt(3, state == ImportState.DONE ? total : 0);
      ps.setString(4, counts == null ? null : JSON.writeValueAsString(counts));
      ps.setString(5, JSON.writeValueAsString(listed));
      ps.setInt(6, errors.count());
      ps.setString(7, message);
      ps.setTimestamp(8, Timestamp.from(clock.instant()));
      ps.setLong(9, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new StoreException("roster import " + id + " does not exist");
        }
        return job(rs);
      }
    } catch (SQLException e) {
      throw failure("finish roster import " + id, e);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static ImportJob job(ResultSet rs) throws SQLException {
    try {
      String counts = rs.getString(8);
      Timestamp finished = rs.getTimestamp(13);
      return new ImportJob(
          rs.getLong(1),
          rs.getLong(2),
          rs.getString(3),
          RosterFormat.fromCode(rs.getString(4)),
          ImportState.fromCode(rs.getString(5)),
          (Integer) rs.getObject(6),
          rs.getInt(7),
          counts == null ? null : JSON.readValue(counts, ImportCounts.class),
          JSON.readValue(rs.getString(9), ERROR_LIST),
          rs.getInt(10),
          rs.getString(11),
          rs.getTimestamp(12).toInstant(),
          finished == null ? null : finished.toInstant());
    } catch (JsonProcessingException e) {
      throw new StoreException("roster import " + rs.getLong(1) + " holds unreadable JSON", e);
    }
  }

  private static ImportJob job(Row row) {
    long id = row.getLong("id");
    try {
      String counts = row.getString("counts");
      return new ImportJob(
          id,
          row.getLong("actor_id"),
          row.getString("file_name"),
          RosterFormat.fromCode(row.getString("format")),
          ImportState.fromCode(row.getString("state")),
          row.getInteger("rows_total"),
          row.getInteger("rows_done"),
          counts == null ? null : JSON.readValue(counts, ImportCounts.class),
          JSON.readValue(row.getString("errors"), ERROR_LIST),
          row.getInteger("error_count"),
          row.getString("message"),
          Rows.instant(row, "started_at"),
          Rows.instant(row, "finished_at"));
    } catch (JsonProcessingException e) {
      throw new StoreException("roster import " + id + " holds unreadable JSON", e);
    }
  }

  /** The server's one-line message without its DETAIL, which could quote a row's values. */
  private static String safeMessage(Throwable e) {
    if (e.getCause() instanceof PSQLException p && p.getServerErrorMessage() != null) {
      return p.getServerErrorMessage().getMessage();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  private static StoreException failure(String action, SQLException e) {
    String message = e.getMessage();
    if (e instanceof PSQLException p && p.getServerErrorMessage() != null) {
      message = p.getServerErrorMessage().getMessage();
    }
    return new StoreException(action + ": " + message + " (SQLSTATE " + e.getSQLState() + ")", e);
  }
}
