package org.huxin.gateway.progress;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.progress.ClassProgress;
import org.huxin.engine.progress.ProgressCache;
import org.huxin.engine.progress.ProgressSnapshot;
import org.huxin.engine.progress.RuleHit;
import org.huxin.engine.progress.TierListEntry;
import org.huxin.engine.progress.TierListQueries;
import org.huxin.engine.roster.OrgUnitQueries;
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
import org.huxin.gateway.staff.StaffNotes;
import org.huxin.scales.CrisisLevel;
import org.huxin.scales.ScaleLibrary;

/**
 * {@code GET /api/staff/windows/:id/tiers?school=&tier=&minTier=}: one school's screened students,
 * highest tier first, with the rules that fired (at one tier, or at a tier and above). Admins and
 * psychologists only; a window the caller's window list does not show, or a school outside the
 * caller's scope, answers 404 and is audited as refused. Every student listed is an identifiable
 * result view: one audit row each ({@value #ACTION}), written in one batch before the list is sent.
 */
public final class TierListsApi {
  static final String ACTION = "view_tier_list";

  private static final Set<StaffRole> ROLES =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_PSYCHOLOGIST);

  private final TierListQueries lists;
  private final OrgUnitQueries units;
  private final StaffNotes notes;
  private final ProgressCache cache;
  private final WindowRegistry windows;
  private final RosterIndex roster;
  private final AuditStore trail;
  private final Pool pool;
  private final StaffAudit audit;

  public TierListsApi(
      TierListQueries lists,
      OrgUnitQueries units,
      ScaleLibrary library,
      ProgressCache cache,
      WindowRegistry windows,
      RosterIndex roster,
      AuditStore trail,
      Pool pool,
      StaffAudit audit) {
    this.lists = lists;
    this.units = units;
    this.notes = StaffNotes.of(library);
    this.cache = cache;
    this.windows = windows;
    this.roster = roster;
    this.trail = trail;
    this.pool = pool;
    this.audit = audit;
  }

  /** {@code GET /api/staff/windows/:id/tiers}: one school's screened students by tier. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, ROLES, "Your role does not include tier lists.");
    long windowId = ProgressApi.windowId(ctx);
    Window w =
        windows
            .find(windowId)
            .orElseThrow(() -> new ApiException(404, "not_found", "No such window."));
    String subject = "window " + w.id();
    if (!StaffScope.seesWindow(p, w, roster)) {
      audit.<Void>refuse(ctx, ACTION, subject, "window.").onFailure(ctx::fail);
      return;
    }
    long schoolId = schoolParam(ctx);
    Integer tier = tierParam(ctx, "tier");
    Integer minTier = tierParam(ctx, "minTier");
    units
        .school(pool, schoolId)
        .map(school -> school.filter(sc -> StaffScope.coversSchool(p, sc.districtId(), sc.id())))
        .compose(
            school ->
                school.isPresent()
                    ? listed(p, w, school.get(), tier, minTier)
                    : audit.<JsonObject>refuse(
                        ctx, ACTION, subject + " school " + schoolId, "school."))
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  /**
   * The school's list with one audit row per student listed, in one transaction, beside the
   * window's cached progress for the school's totals.
   */
  private Future<JsonObject> listed(
      StaffPrincipal p, Window w, OrgUnits.School school, Integer tier, Integer minTier) {
    String subject = "window " + w.id();
    Future<ProgressSnapshot> progress = cache.snapshot(w);
    Future<List<TierListEntry>> list =
        pool.withTransaction(
            tx ->
                lists
                    .list(tx, w.id(), school.id(), tier, minTier == null ? 0 : minTier)
                    .compose(
                        entries -> {
                          List<AuditEvent> events = new ArrayList<>(entries.size());
                          for (TierListEntry e : entries) {
                            events.add(
                                new AuditEvent(
                                    p.accountId(),
                                    p.role().code(),
                                    ACTION,
                                    e.studentId(),
                                    subject,
                                    "school " + school.id(),
                                    true));
                          }
                          return trail.recordAll(tx, events).map(entries);
                        }));
    return Future.all(list, progress)
        .map(
            all ->
                json(w, school, tier, minTier, list.result(), progress.result().classes(), notes));
  }

  private static JsonObject json(
      Window w,
      OrgUnits.School school,
      Integer tier,
      Integer minTier,
      List<TierListEntry> list,
      List<ClassProgress> classes,
      StaffNotes notes) {
    long[] tiers = new long[4];
    long inScope = 0;
    long submitted = 0;
    for (ClassProgress c : classes) {
      if (c.schoolId() == school.id()) {
        inScope += c.counts().inScope();
        submitted += c.counts().submitted();
        for (int t = 0; t < 4; t++) {
          tiers[t] += c.counts().tiers().get(t);
        }
      }
    }
    JsonArray students = new JsonArray();
    for (TierListEntry e : list) {
      JsonArray rules = new JsonArray();
      for (RuleHit h : e.firedRules()) {
        rules.add(
            new JsonObject()
                .put("id", h.ruleId())
                .put("tier", h.tier())
                .put("zh", h.zh())
                .put("en", h.en()));
      }
      students.add(
          new JsonObject()
              .put("studentId", e.studentId())
              .put("studentNo", e.studentNo())
              .put("name", e.name())
              .put("grade", e.grade())
              .put("classId", e.classId())
              .put("className", e.className())
              .put("sex", String.valueOf(e.sex()))
              .put("tier", e.tier())
              .put("crisis", e.crisis())
              .put("crisisLevel", crisisLevel(e.crisisLevel()))
              .put("validity", e.validity())
              .put("firedRules", rules)
              .put("form", e.form())
              .put("forms", e.forms())
              .put("submittedAt", e.submittedAt().toString())
              .put("alertPending", e.alertPending())
              .put("staffNote", notes.of(e.batteryId())));
    }
    return new JsonObject()
        .put("windowId", w.id())
        .put("windowName", w.name())
        .put("schoolId", school.id())
        .put("schoolName", school.name())
        .put("tier", tier)
        .put("minTier", minTier == null ? 0 : minTier)
        .put("inScope", inScope)
        .put("submitted", submitted)
        .put("tierCounts", new JsonArray(List.of(tiers[0], tiers[1], tiers[2], tiers[3])))
        .put("students", students);
  }

  /** {@code general}, {@code serious} or {@code major} for a stored level 1–3; null for 0. */
  private static String crisisLevel(int code) {
    return code == 0 ? null : CrisisLevel.ofCode(code).key();
  }

  private static long schoolParam(RoutingContext ctx) {
    String value = ctx.queryParams().get("school");
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(
          "missing_school", "Query parameter 'school' (a school id) is required.");
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "bad_school", "Query parameter 'school' must be a school id (a whole number).");
    }
  }

  private static Integer tierParam(RoutingContext ctx, String name) {
    String value = ctx.queryParams().get(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    return switch (value.trim()) {
      case "0" -> 0;
      case "1" -> 1;
      case "2" -> 2;
      case "3" -> 3;
      default ->
          throw ApiException.badRequest(
              "bad_tier",
              "Query parameter '" + name + "' must be 0, 1, 2 or 3, got '" + value + "'.");
    };
  }
}
