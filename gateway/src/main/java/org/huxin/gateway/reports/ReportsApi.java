package org.huxin.gateway.reports;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.huxin.engine.reports.Report;
import org.huxin.engine.reports.ReportCsv;
import org.huxin.engine.reports.ReportLevel;
import org.huxin.engine.reports.ReportUnit;
import org.huxin.engine.reports.ReportXlsx;
import org.huxin.engine.reports.Reports;
import org.huxin.engine.roster.OrgUnits;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * {@code GET /api/staff/reports/units}, {@code /api/staff/reports/:windowId} and its {@code
 * export.csv}, {@code export.xlsx} and {@code print} forms, each with {@code
 * ?level=school|district|city&unit=<id>}.
 *
 * <p>Admins and school psychologists only (others 403). A psychologist reports on her school, a
 * district admin on her district and its schools, a city admin on anything; a window the caller's
 * window list does not show, a unit outside that scope, or one that does not exist, answers 404 and
 * is audited with {@code ok = false}. Every answered view, print and export is audited with {@code
 * ok = true} before the body leaves. Exports are attachments: CSV in UTF-8 with a byte-order mark,
 * XLSX with one worksheet per table, built on a worker thread.
 */
public final class ReportsApi {

  /** Audit actions. */
  public static final String VIEW = "view_report";

  public static final String PRINT = "print_report";
  public static final String EXPORT_CSV = "export_report_csv";
  public static final String EXPORT_XLSX = "export_report_xlsx";

  /** The name the city level carries in headings. */
  public static final String CITY_NAME = "全市";

  private static final Set<StaffRole> REPORTERS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_PSYCHOLOGIST);
  private static final String XLSX =
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

  private final Pool pool;
  private final Reports reports;
  private final WindowRegistry windows;
  private final RosterIndex roster;
  private final StaffAudit audit;

  public ReportsApi(
      Pool pool, Reports reports, WindowRegistry windows, RosterIndex roster, StaffAudit audit) {
    this.pool = pool;
    this.reports = reports;
    this.windows = windows;
    this.roster = roster;
    this.audit = audit;
  }

  /** {@code GET /api/staff/reports/units}: the levels, districts and schools the caller may use. */
  public void units(RoutingContext ctx) {
    StaffPrincipal p = reporter(ctx);
    reports
        .units(pool)
        .onFailure(ctx::fail)
        .onSuccess(
            all -> {
              OrgUnits mine =
                  new OrgUnits(
                      all.districts().stream()
                          .filter(d -> StaffScope.coversDistrict(p, d.id()))
                          .toList(),
                      all.schools().stream()
                          .filter(s -> StaffScope.coversSchool(p, s.districtId(), s.id()))
                          .toList());
              JsonArray levels = new JsonArray();
              if (p.role() == StaffRole.CITY_ADMIN) {
                levels.add(ReportLevel.CITY.code());
              }
              if (!mine.districts().isEmpty()) {
                levels.add(ReportLevel.DISTRICT.code());
              }
              levels.add(ReportLevel.SCHOOL.code());
              Responses.json(ctx, ReportJson.units(mine, levels));
            });
  }

  /** {@code GET /api/staff/reports/:windowId}: the suppressed report as JSON. */
  public void report(RoutingContext ctx) {
    serve(ctx, VIEW, report -> Future.succeededFuture(report))
        .onSuccess(report -> Responses.json(ctx, ReportJson.report(report)));
  }

  /** {@code GET /api/staff/reports/:windowId/export.csv}: the report as CSV. */
  public void csv(RoutingContext ctx) {
    serve(ctx, EXPORT_CSV, report -> Future.succeededFuture(ReportCsv.write(report)))
        .onSuccess(bytes -> attachment(ctx, "text/csv; charset=utf-8", "csv", bytes));
  }

  /** {@code GET /api/staff/reports/:windowId/export.xlsx}: the report as a workbook. */
  public void xlsx(RoutingContext ctx) {
    serve(ctx, EXPORT_XLSX, report -> ctx.vertx().executeBlocking(() -> xlsxBytes(report), false))
        .onSuccess(bytes -> attachment(ctx, XLSX, "xlsx", bytes));
  }

  /** {@code GET /api/staff/reports/:windowId/print}: the printable HTML page. */
  public void print(RoutingContext ctx) {
    serve(
            ctx,
            PRINT,
            report ->
                Future.succeededFuture(ReportPage.html(report, ReportJson.report(report).encode())))
        .onSuccess(
            html ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(html));
  }

  /**
   * Checks role, window (one the caller's list shows), level and unit; then in one transaction
   * reads the report, renders it with {@code render} and audits {@code action}, and hands the
   * result on. Failures go to the context's failure handler.
   */
  private <T> Future<T> serve(
      RoutingContext ctx, String action, Function<Report, Future<T>> render) {
    StaffPrincipal p = reporter(ctx);
    Window window = window(ctx);
    if (!StaffScope.seesWindow(p, window, roster)) {
      return audit.<T>refuse(ctx, action, "window " + window.id(), "window.").onFailure(ctx::fail);
    }
    ReportLevel level = level(ctx);
    Long unitId = unitId(ctx, level);
    String subject =
        "window "
            + window.id()
            + " level "
            + level.code()
            + " unit "
            + (unitId == null ? "city" : unitId);
    Future<T> done =
        reports
            .units(pool)
            .compose(
                units -> {
                  ReportUnit unit = ReportUnit.of(units, level, unitId, CITY_NAME).orElse(null);
                  if (unit == null || !covers(p, unit)) {
                    return audit.<ReportUnit>refuse(ctx, action, subject, "report unit.");
                  }
                  return Future.succeededFuture(unit);
                })
            .compose(
                unit ->
                    pool.withTransaction(
                        tx -> readAndAudit(tx, ctx, action, window, unit, render)));
    return done.onFailure(ctx::fail);
  }

  /** Reads the report on {@code tx}, renders it, and audits {@code action} on {@code tx}. */
  private <T> Future<T> readAndAudit(
      SqlClient tx,
      RoutingContext ctx,
      String action,
      Window window,
      ReportUnit unit,
      Function<Report, Future<T>> render) {
    return reports
        .report(tx, window, unit)
        .compose(
            report ->
                render
                    .apply(report)
                    .compose(
                        out ->
                            audit.audit(tx, ctx, action, null, report.subject(), true).map(out)));
  }

  private static boolean covers(StaffPrincipal p, ReportUnit unit) {
    return switch (unit.level()) {
      case CITY -> p.role() == StaffRole.CITY_ADMIN;
      case DISTRICT -> StaffScope.coversDistrict(p, unit.districtId());
      case SCHOOL -> StaffScope.coversSchool(p, unit.districtId(), unit.schoolId());
    };
  }

  private static StaffPrincipal reporter(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(
        p, REPORTERS, "Reports are for city and district admins and school psychologists.");
    return p;
  }

  private Window window(RoutingContext ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("windowId"));
      return windows
          .find(id)
          .orElseThrow(() -> new ApiException(404, "not_found", "No such window."));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such window.");
    }
  }

  private static ReportLevel level(RoutingContext ctx) {
    List<String> values = ctx.queryParam("level");
    if (values.size() != 1) {
      throw ApiException.badRequest(
          "bad_field", "Query parameter 'level' is required once: school, district or city.");
    }
    try {
      return ReportLevel.fromCode(values.get(0));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_field", "Query parameter 'level': " + e.getMessage());
    }
  }

  private static Long unitId(RoutingContext ctx, ReportLevel level) {
    List<String> values = ctx.queryParam("unit");
    if (level == ReportLevel.CITY) {
      return null;
    }
    if (values.size() != 1) {
      throw ApiException.badRequest(
          "bad_field", "Query parameter 'unit' (the " + level.code() + " id) is required once.");
    }
    try {
      long id = Long.parseLong(values.get(0));
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "bad_field", "Query parameter 'unit' must be a positive integer id.");
    }
  }

  private static byte[] xlsxBytes(Report report) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(32 * 1024);
    try {
      ReportXlsx.write(report, out);
    } catch (IOException e) {
      throw new UncheckedIOException("writing the XLSX report failed", e);
    }
    return out.toByteArray();
  }

  private static void attachment(RoutingContext ctx, String type, String extension, byte[] body) {
    ReportLevel level = level(ctx);
    Long unit = unitId(ctx, level);
    String file =
        "huxin-report-w"
            + ctx.pathParam("windowId")
            + "-"
            + level.code()
            + (unit == null ? "" : "-" + unit)
            + "."
            + extension;
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, type)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .end(Buffer.buffer(body));
  }
}
