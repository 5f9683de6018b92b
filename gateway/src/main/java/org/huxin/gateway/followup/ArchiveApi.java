package org.huxin.gateway.followup;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huxin.engine.followup.ArchiveResult;
import org.huxin.engine.followup.ArchiveStudent;
import org.huxin.engine.followup.FollowupCase;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.followup.LedgerEntry;
import org.huxin.engine.followup.StudentArchiveQueries;
import org.huxin.engine.results.ResultJson;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.staff.StaffNotes;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormSet;
import org.huxin.scales.ScaleLibrary;

/**
 * {@code GET /api/staff/students/:id/archive}: one student's psychological archive (心理档案) — who
 * they are, every window's results with scale scores and fired rules (each T and percentile with
 * its norm set's label, filled in for results stored before labels existed), the tier history per
 * window, their follow-up cases and the whole ledger. Admins and psychologists in scope; a head
 * teacher or ops gets 403, a student out of scope 404 (audited). Every view is audited as {@code
 * view_archive}.
 */
public final class ArchiveApi {
  private static final Set<StaffRole> READERS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_PSYCHOLOGIST);
  private static final String[] VALIDITY = {"valid", "questionable", "invalid"};

  private final StudentArchiveQueries archives;
  private final FollowupStore followups;
  private final ScaleLibrary library;
  private final StaffNotes notes;
  private final Pool pool;
  private final StaffAudit audit;
  private final Clock clock;

  public ArchiveApi(
      StudentArchiveQueries archives,
      FollowupStore followups,
      ScaleLibrary library,
      Pool pool,
      StaffAudit audit,
      Clock clock) {
    this.archives = archives;
    this.followups = followups;
    this.library = library;
    this.notes = StaffNotes.of(library);
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * What one archive holds, read in the request's transaction; {@code norms} are the norm sets each
   * result's norm version names, saved or shipped (live or retired), for their labels.
   */
  private record Archive(
      ArchiveStudent student,
      List<ArchiveResult> results,
      List<FollowupCase> cases,
      List<LedgerEntry> ledger,
      Map<String, List<NormSet>> norms) {}

  /** {@code GET /api/staff/students/:id/archive}: the student's whole archive. */
  public void get(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(
        p, READERS, "Only admins and school psychologists open a student's archive.");
    long studentId = studentId(ctx);
    Instant now = clock.instant();
    audit
        .student(ctx, studentId, "view_archive")
        .compose(entry -> pool.withTransaction(tx -> read(ctx, tx, studentId)))
        .onFailure(ctx::fail)
        .onSuccess(archive -> Responses.json(ctx, toJson(archive, now, library, notes)));
  }

  /**
   * The archive and its {@code view_archive} audit row, on {@code tx}: the four reads pipelined,
   * then the norm sets the results name. A student the roster knows but the database does not
   * answers 404 and writes no row.
   */
  private Future<Archive> read(RoutingContext ctx, SqlConnection tx, long studentId) {
    Future<Optional<ArchiveStudent>> student = archives.student(tx, studentId);
    Future<List<ArchiveResult>> results = archives.results(tx, studentId);
    Future<List<FollowupCase>> cases = followups.casesOf(tx, studentId);
    Future<List<LedgerEntry>> ledger = followups.ledgerOf(tx, studentId);
    return Future.all(student, results, cases, ledger)
        .compose(
            all -> {
              if (student.result().isEmpty()) {
                return Future.failedFuture(new ApiException(404, "not_found", "No such student."));
              }
              return archives.normSets(
                  tx, results.result().stream().map(ArchiveResult::normVersion).toList(), library);
            })
        .map(
            norms ->
                new Archive(
                    student.result().get(),
                    results.result(),
                    cases.result(),
                    ledger.result(),
                    norms))
        .compose(
            archive ->
                audit
                    .audit(tx, ctx, "view_archive", studentId, "archive " + studentId, true)
                    .map(archive));
  }

  /** The {@code :id} path parameter; one that is not a number is a student that does not exist. */
  static long studentId(RoutingContext ctx) {
    try {
      long id = Long.parseLong(ctx.pathParam("id"));
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below, the same as an unknown id
    }
    throw new ApiException(404, "not_found", "No such student.");
  }

  /** {@code general}, {@code serious} or {@code major} for a stored level 1–3; null for 0. */
  private static String crisisLevel(int code) {
    return code == 0 ? null : CrisisLevel.ofCode(code).key();
  }

  /** {@code [{"norm": id@version, "zh-CN": label, "en": label}]} of a result's norm sets. */
  private static JsonArray normLabels(List<NormSet> sets) {
    JsonArray out = new JsonArray();
    for (NormSet set : sets) {
      out.add(
          new JsonObject()
              .put("norm", set.label())
              .put(LocalizedText.ZH_CN, set.shortLabel().get(LocalizedText.ZH_CN))
              .put(LocalizedText.EN, set.shortLabel().get(LocalizedText.EN)));
    }
    return out;
  }

  private static JsonObject toJson(Archive a, Instant now, ScaleLibrary library, StaffNotes notes) {
    ArchiveStudent s = a.student();
    JsonObject student =
        new JsonObject()
            .put("id", s.id())
            .put("studentNo", s.studentNo())
            .put("name", s.name())
            .put("districtId", s.districtId())
            .put("schoolId", s.schoolId())
            .put("schoolName", s.schoolName())
            .put("classId", s.classId())
            .put("className", s.className())
            .put("grade", s.grade())
            .put("sex", String.valueOf(s.sex()))
            .put("birthYear", s.birthYear())
            .put("consent", s.consent())
            .put("consentAt", FollowupJson.text(s.consentAt()));
    JsonArray results = new JsonArray();
    Map<Long, JsonObject> history = new LinkedHashMap<>();
    Map<Long, Integer> levels = new HashMap<>(); // window → its highest crisis level code
    for (ArchiveResult r : a.results()) {
      results.add(
          new JsonObject()
              .put("resultId", r.resultId())
              .put("windowId", r.windowId())
              .put("windowName", r.windowName())
              .put("opensAt", FollowupJson.text(r.opensAt()))
              .put("closesAt", FollowupJson.text(r.closesAt()))
              .put("form", r.form())
              .put("batteryId", r.batteryId())
              .put("staffNote", notes.of(r.batteryId()))
              .put("normVersion", r.normVersion())
              .put("normLabels", normLabels(a.norms().get(r.normVersion())))
              .put("tier", r.tier())
              .put("crisis", r.crisis())
              .put("crisisLevel", crisisLevel(r.crisisLevel()))
              .put("validity", VALIDITY[r.validity()])
              .put("firedRules", new JsonArray(r.firedRules()))
              .put(
                  "scores",
                  new JsonObject(
                      ResultJson.withNormBasis(
                          r.scoresJson(), a.norms().get(r.normVersion()), library)))
              .put("submittedAt", r.submittedAt().toString()));
      JsonObject point = history.get(r.windowId());
      if (point == null) {
        history.put(
            r.windowId(),
            new JsonObject()
                .put("windowId", r.windowId())
                .put("windowName", r.windowName())
                .put("opensAt", FollowupJson.text(r.opensAt()))
                .put("tier", r.tier())
                .put("crisis", r.crisis())
                .put("crisisLevel", crisisLevel(r.crisisLevel())));
        levels.put(r.windowId(), r.crisisLevel());
      } else {
        int level = levels.merge(r.windowId(), r.crisisLevel(), Math::max);
        point
            .put("tier", Math.max(point.getInteger("tier"), r.tier()))
            .put("crisis", point.getBoolean("crisis") || r.crisis())
            .put("crisisLevel", crisisLevel(level));
      }
    }
    JsonArray cases = new JsonArray();
    a.cases().forEach(c -> cases.add(FollowupJson.caseJson(c, now, true)));
    JsonArray ledger = new JsonArray();
    a.ledger().forEach(e -> ledger.add(FollowupJson.entryJson(e)));
    return new JsonObject()
        .put("now", now.toString())
        .put("student", student)
        .put("results", results)
        .put("tierHistory", new JsonArray(List.copyOf(history.values())))
        .put("cases", cases)
        .put("ledger", ledger);
  }
}
