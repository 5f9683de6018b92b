package org.huxin.gateway.rosterimport;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.FileSystem;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.roster.imports.ImportCounts;
import org.huxin.engine.roster.imports.ImportJob;
import org.huxin.engine.roster.imports.ImportScope;
import org.huxin.engine.roster.imports.ImportState;
import org.huxin.engine.roster.imports.RosterFormat;
import org.huxin.engine.roster.imports.RosterImportStore;
import org.huxin.engine.roster.imports.RowError;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.ChangeNotices;
import org.huxin.gateway.roster.RosterIndex;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's roster import. {@code POST /api/staff/roster/imports} takes a roster file as the
 * raw body ({@code text/csv} or the XLSX type, at most {@link #FILE_LIMIT} bytes), streams it to a
 * temporary file without holding it in memory, records the import and answers 202 with its id at
 * once; the import then runs on a one-thread worker of this node. {@code GET …/imports/:id} and
 * {@code GET …/imports} read imports back from the database, so a console polling any node sees the
 * progress.
 *
 * <p>City admins import anything, district admins rows of their own district; other roles get 403.
 * A finished import writes one audit row ({@code roster_import}), and a done one reloads the roster
 * on this node before it is reported done (its students can log in at once), then tells every node
 * through {@link ChangeNotices}.
 */
public final class RosterImportApi {
  /** Largest roster file accepted, in bytes. */
  public static final long FILE_LIMIT = 64L * 1024 * 1024;

  /** The Content-Type of an XLSX workbook. */
  public static final String XLSX_TYPE =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private static final Logger LOG = LoggerFactory.getLogger(RosterImportApi.class);
  private static final Set<StaffRole> IMPORTERS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN);
  private static final int RECENT = 20;
  private static final int FILE_NAME_MAX = 200;
  private static final ApiException NOT_FOUND =
      new ApiException(404, "not_found", "No such roster import.");

  private final RosterImportStore imports;
  private final RosterIndex roster;
  private final ChangeNotices changes;
  private final AuditStore audit;
  private final Pool pool;
  private final WorkerExecutor worker;

  public RosterImportApi(
      Vertx vertx,
      RosterImportStore imports,
      RosterIndex roster,
      ChangeNotices changes,
      AuditStore audit,
      Pool pool) {
    this.imports = imports;
    this.roster = roster;
    this.changes = changes;
    this.audit = audit;
    this.pool = pool;
    this.worker = vertx.createSharedWorkerExecutor("huxin-roster-import", 1, 10, TimeUnit.MINUTES);
  }

  /**
   * Runs before {@code StaffAuth} on the upload route: holds the body back until the upload handler
   * is ready for it, so no chunk arrives while the session is being checked.
   */
  public static void pause(RoutingContext ctx) {
    ctx.request().pause();
    ctx.addEndHandler(v -> ctx.request().resume()); // a refused upload's body is drained unread
    ctx.next();
  }

  /** {@code POST /api/staff/roster/imports?name=<file name>}: 202 {importId}. */
  public void upload(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, IMPORTERS, "Only city and district admins import the roster.");
    RosterFormat format = format(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    String length = ctx.request().getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null && length.chars().allMatch(Character::isDigit) && length.length() < 19) {
      if (Long.parseLong(length) > FILE_LIMIT) {
        throw tooLarge();
      }
    }
    String fileName = fileName(ctx.queryParams().get("name"), format);
    ImportScope scope =
        p.role() == StaffRole.CITY_ADMIN
            ? ImportScope.city()
            : ImportScope.district(p.districtId());
    FileSystem fs = ctx.vertx().fileSystem();
    fs.createTempFile("huxin-roster-", "." + format.code())
        .compose(
            path ->
                receive(ctx, fs, path)
                    .compose(size -> imports.begin(pool, p.accountId(), fileName, format))
                    .onFailure(e -> fs.delete(path))
                    .onSuccess(
                        id -> {
                          Responses.json(ctx, 202, new JsonObject().put("importId", id));
                          run(ctx, p, id, Path.of(path), format, scope);
                        }))
        .onFailure(ctx::fail);
  }

  /** Streams the paused request body into {@code path}; fails 413 past the limit, 400 if empty. */
  private static Future<Long> receive(RoutingContext ctx, FileSystem fs, String path) {
    return fs.open(path, new OpenOptions().setWrite(true).setTruncateExisting(true))
        .compose(
            file -> {
              Promise<Long> received = Promise.promise();
              HttpServerRequest request = ctx.request();
              long[] size = {0};
              request.handler(
                  chunk -> {
                    if (received.future().isComplete()) {
                      return;
                    }
                    size[0] += chunk.length();
                    if (size[0] > FILE_LIMIT) {
                      received.tryFail(tooLarge());
                      return;
                    }
                    file.write(chunk);
                    if (file.writeQueueFull()) {
                      request.pause();
                      file.drainHandler(v -> request.resume());
                    }
                  });
              request.exceptionHandler(received::tryFail);
              request.endHandler(v -> received.tryComplete(size[0]));
              request.resume();
              return received
                  .future()
                  .eventually(file::close)
                  .compose(
                      size0 ->
                          size0 == 0
                              ? Future.failedFuture(
                                  ApiException.badRequest(
                                      "empty_file", "The file is empty; choose a roster file."))
                              : Future.succeededFuture(size0));
            });
  }

  /** Imports on this node's import worker, then audits, reloads rosters and drops the file. */
  private void run(
      RoutingContext ctx,
      StaffPrincipal p,
      long id,
      Path file,
      RosterFormat format,
      ImportScope scope) {
    worker
        .executeBlocking(
            () -> imports.run(id, file, format, scope, counts -> reloadHere(counts)), false)
        .compose(
            job -> {
              int rows = job.rowsTotal() == null ? 0 : job.rowsTotal();
              return audit
                  .record(
                      pool,
                      new AuditEvent(
                          p.accountId(),
                          p.role().code(),
                          "roster_import",
                          null,
                          "import " + id + ": " + rows + " rows",
                          job.state().code()
                              + (job.errorCount() > 0 ? ", " + job.errorCount() + " faults" : ""),
                          job.state() == ImportState.DONE))
                  .map(job);
            })
        .onComplete(
            done -> {
              ctx.vertx().fileSystem().delete(file.toString());
              if (done.failed()) {
                LOG.error(
                    "roster import {} could not finish: {}", id, done.cause().getClass().getName());
              } else if (done.result().state() == ImportState.DONE) {
                changes.rosterChanged();
              }
            });
  }

  /**
   * Reloads this node's roster after the import committed and before it is marked done, so the
   * console never shows "done" while a new student's login would still be refused here.
   */
  private void reloadHere(ImportCounts counts) {
    if (counts.studentsCreated() > 0 || counts.studentsUpdated() > 0) {
      roster.reload();
    }
  }

  /** {@code GET /api/staff/roster/imports/:id}: the import with its first 1,000 faults. */
  public void get(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, IMPORTERS, "Only city and district admins import the roster.");
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw NOT_FOUND;
    }
    imports
        .find(pool, id)
        .onSuccess(
            job -> {
              if (job.isEmpty()
                  || (p.role() != StaffRole.CITY_ADMIN && job.get().actorId() != p.accountId())) {
                ctx.fail(NOT_FOUND);
              } else {
                Responses.json(ctx, toJson(job.get(), true));
              }
            })
        .onFailure(ctx::fail);
  }

  /** {@code GET /api/staff/roster/imports}: the caller's recent imports, newest first. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, IMPORTERS, "Only city and district admins import the roster.");
    imports
        .recent(pool, p.accountId(), RECENT)
        .onSuccess(
            jobs -> {
              JsonArray list = new JsonArray();
              jobs.forEach(job -> list.add(toJson(job, false)));
              Responses.json(ctx, new JsonObject().put("imports", list));
            })
        .onFailure(ctx::fail);
  }

  private static JsonObject toJson(ImportJob job, boolean withErrors) {
    JsonObject json =
        new JsonObject()
            .put("id", job.id())
            .put("fileName", job.fileName())
            .put("format", job.format().code())
            .put("state", job.state().code())
            .put("rowsTotal", job.rowsTotal())
            .put("rowsDone", job.rowsDone())
            .put("errorCount", job.errorCount())
            .put("message", job.message())
            .put("startedAt", job.startedAt().toString())
            .put("finishedAt", job.finishedAt() == null ? null : job.finishedAt().toString());
    ImportCounts c = job.counts();
    json.put(
        "counts",
        c == null
            ? null
            : new JsonObject()
                .put("districtsCreated", c.districtsCreated())
                .put("schoolsCreated", c.schoolsCreated())
                .put("classesCreated", c.classesCreated())
                .put("studentsCreated", c.studentsCreated())
                .put("studentsUpdated", c.studentsUpdated())
                .put("studentsUnchanged", c.studentsUnchanged()));
    if (withErrors) {
      JsonArray errors = new JsonArray();
      for (RowError e : job.errors()) {
        errors.add(
            new JsonObject()
                .put("row", e.row())
                .put("column", e.column())
                .put("message", e.message()));
      }
      json.put("errors", errors);
    }
    return json;
  }

  private static RosterFormat format(String contentType) {
    String type =
        contentType == null ? "" : contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
    return switch (type) {
      case "text/csv" -> RosterFormat.CSV;
      case XLSX_TYPE -> RosterFormat.XLSX;
      default ->
          throw new ApiException(
              415,
              "unsupported_media_type",
              "Send the roster as text/csv or as an XLSX workbook ("
                  + XLSX_TYPE
                  + "), not "
                  + (type.isEmpty() ? "an untyped body" : type)
                  + ".");
    };
  }

  private static String fileName(String name, RosterFormat format) {
    String clean = name == null ? "" : name.replaceAll("[\\p{Cntrl}/\\\\]", "_").strip();
    if (clean.isEmpty()) {
      return "roster." + format.code();
    }
    return clean.length() > FILE_NAME_MAX ? clean.substring(0, FILE_NAME_MAX) : clean;
  }

  private static ApiException tooLarge() {
    return new ApiException(
        413,
        "file_too_large",
        "The roster file is larger than 64 MiB; split it by district or school and upload each.");
  }
}
