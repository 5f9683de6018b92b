package org.huxin.gateway.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.huxin.engine.alerts.AlertRelay;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterOverloadedException;
import org.huxin.engine.roster.ClassRosterQueries;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.roster.ClassRosterQueries.ClassRosterEntry;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.questionnaires.QuestionnaireCatalog;
import org.huxin.gateway.questionnaires.RaterForms;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;
import org.huxin.gateway.student.SubmitApi;

/**
 * The head teacher's ratings of grades 1–3 (PSC-17 teacher form): her class with who is rated, and
 * one rating at a time. Only the class's head teacher and the school's psychologist may rate;
 * another role is refused with 403, a class or child outside the caller's scope with 404 and an
 * audit row. A rating is scored and stored exactly like a student's submit (form {@code teacher}; a
 * crisis raises an alert; no guardian consent, no rating), and the answer says only that it was
 * stored: never a score, tier or fired rule.
 */
public final class RatingsApi {
  public static final String LIST_ACTION = "view_rating_list";
  public static final String RATE_ACTION = "rate_student";

  private static final Set<StaffRole> RATERS =
      Set.of(StaffRole.HEAD_TEACHER, StaffRole.SCHOOL_PSYCHOLOGIST);
  private static final String RATERS_ONLY =
      "Only the head teacher of the class and the school psychologist rate children.";

  private final ClassRosterQueries classes;
  private final NameCipher names;
  private final RosterIndex roster;
  private final WindowRegistry windows;
  private final WindowStore windowStore;
  private final Engines engines;
  private final QuestionnaireCatalog questionnaires;
  private final ResultWriter writer;
  private final AlertRelay relay;
  private final StaffAudit audit;
  private final Pool pool;
  private final GatewayMetrics metrics;
  private final Clock clock;

  public RatingsApi(
      ClassRosterQueries classes,
      NameCipher names,
      RosterIndex roster,
      WindowRegistry windows,
      WindowStore windowStore,
      Engines engines,
      QuestionnaireCatalog questionnaires,
      ResultWriter writer,
      AlertRelay relay,
      StaffAudit audit,
      Pool pool,
      GatewayMetrics metrics,
      Clock clock) {
    this.classes = classes;
    this.names = names;
    this.roster = roster;
    this.windows = windows;
    this.windowStore = windowStore;
    this.engines = engines;
    this.questionnaires = questionnaires;
    this.writer = writer;
    this.relay = relay;
    this.audit = audit;
    this.pool = pool;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** {@code GET /api/staff/classes/:classId/ratings?window=<id>}: the class, who is rated. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, RATERS, RATERS_ONLY);
    long classId = id(ctx.pathParam("classId"));
    long windowId = windowParam(ctx.queryParams().get("window"));
    String subject = "ratings class " + classId + " window " + windowId;
    classes
        .classInfo(pool, classId)
        .compose(
            info -> {
              if (info.isEmpty()
                  || !StaffScope.coversClass(
                      p, info.get().districtId(), info.get().schoolId(), classId)) {
                return audit.<JsonObject>refuse(ctx, LIST_ACTION, subject, "class.");
              }
              ClassInfo schoolClass = info.get();
              Window window = window(windowId, schoolClass);
              String batteryId = window.batteryFor(schoolClass.grade()).orElseThrow();
              return pool.withTransaction(
                  tx -> {
                    Future<List<ClassRosterEntry>> students = classes.students(tx, classId, names);
                    Future<Set<Long>> rated =
                        windowStore.answered(tx, window.id(), classId, RaterForms.TEACHER);
                    Future<Void> row = audit.audit(tx, ctx, LIST_ACTION, null, subject, true);
                    return Future.all(students, rated, row)
                        .map(
                            all ->
                                classList(
                                    schoolClass,
                                    window,
                                    batteryId,
                                    students.result(),
                                    rated.result()));
                  });
            })
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  private JsonObject classList(
      ClassInfo schoolClass,
      Window window,
      String batteryId,
      List<ClassRosterEntry> students,
      Set<Long> rated) {
    JsonArray rows = new JsonArray();
    for (ClassRosterEntry s : students) {
      String sex = roster.byId(s.studentId()).map(e -> String.valueOf(e.sex())).orElse(null);
      rows.add(
          new JsonObject()
              .put("id", s.studentId())
              .put("studentNo", s.studentNo())
              .put("name", s.name())
              .put("sex", sex)
              .put("consent", s.consent())
              .put("rated", rated.contains(s.studentId())));
    }
    return new JsonObject()
        .put("classId", schoolClass.classId())
        .put("className", schoolClass.className())
        .put("grade", schoolClass.grade())
        .put("school", schoolClass.schoolName())
        .put(
            "window",
            new JsonObject()
                .put("id", window.id())
                .put("name", window.name())
                .put("status", window.status().code())
                .put("closesAt", window.closesAt().toString()))
        .put("questionnaire", questionnaires.pathOf(batteryId, "zh-CN"))
        .put("students", rows);
  }

  /** {@code POST /api/staff/classes/:classId/ratings/:studentId}: stores one rating. */
  public void rate(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, RATERS, RATERS_ONLY);
    long classId = id(ctx.pathParam("classId"));
    long studentId = id(ctx.pathParam("studentId"));
    JsonObject body = RequestBodies.validated(ctx);
    audit
        .student(ctx, studentId, RATE_ACTION)
        .compose(
            student -> {
              if (student.classId() != classId) {
                return audit.<RosterEntry>refuse(
                    ctx, RATE_ACTION, "student " + studentId, "student.");
              }
              return Future.succeededFuture(student);
            })
        .compose(student -> store(ctx, student, body))
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  private Future<JsonObject> store(RoutingContext ctx, RosterEntry student, JsonObject body) {
    Instant now = clock.instant();
    Window window =
        windows
            .find(body.getLong("window"))
            .filter(w -> w.inScope(student.districtId(), student.schoolId(), student.grade()))
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "no_such_window", "No window rates this child; check 'window'."));
    String batteryId = window.batteryFor(student.grade()).orElseThrow();
    if (!RaterForms.rated(engines.forRuleSet(window.ruleSetId()), batteryId)) {
      throw new ApiException(
          409,
          "not_rated",
          "In window " + window.id() + " this child answers for themselves; teachers do not rate.");
    }
    if (!window.acceptsSubmitsAt(now)) {
      throw new ApiException(403, "window_closed", "The screening is closed.");
    }
    if (!student.consent()) {
      throw new ApiException(
          403,
          "consent_missing",
          "This child's guardian has not consented; a rating is health data and needs it.");
    }
    ResultRow row =
        SubmitApi.score(engines, metrics, window, student, RaterForms.TEACHER, batteryId, body, now)
            .row();
    return Future.fromCompletionStage(writer.submit(row), ctx.vertx().getOrCreateContext())
        .recover(
            e ->
                Future.failedFuture(
                    e instanceof WriterOverloadedException
                        ? ApiException.unavailable("busy", "Many answers are arriving; retry.", 2)
                        : ApiException.unavailable(
                            "store_unavailable", "The rating was not stored; retry shortly.", 3)))
        .compose(
            stored -> {
              if (stored.crisis() && !stored.duplicate()) {
                relay.nudge(stored.resultId());
              }
              return audit
                  .audit(
                      ctx,
                      RATE_ACTION,
                      student.id(),
                      "window " + window.id() + (stored.duplicate() ? " (already rated)" : ""),
                      true)
                  .map(
                      v ->
                          new JsonObject()
                              .put("stored", true)
                              .put("duplicate", stored.duplicate())
                              .put("studentId", student.id()));
            });
  }

  /** The window, which must screen this class with a battery a teacher rates. */
  private Window window(long windowId, ClassInfo schoolClass) {
    Window window =
        windows
            .find(windowId)
            .orElseThrow(
                () -> new ApiException(404, "no_such_window", "No window " + windowId + "."));
    String batteryId =
        window
            .batteryFor(schoolClass.grade())
            .filter(
                b ->
                    window.inScope(
                        schoolClass.districtId(), schoolClass.schoolId(), schoolClass.grade()))
            .orElseThrow(
                () ->
                    new ApiException(
                        404,
                        "window_not_for_class",
                        "Window " + windowId + " does not screen this class; pick another."));
    if (!RaterForms.rated(engines.forRuleSet(window.ruleSetId()), batteryId)) {
      throw new ApiException(
          409,
          "not_rated",
          "In window " + windowId + " this class answers for itself; teachers do not rate.");
    }
    return window;
  }

  private static long id(String value) {
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below, like an unknown id
    }
    throw new ApiException(404, "not_found", "Not found.");
  }

  private static long windowParam(String value) {
    try {
      long id = Long.parseLong(value == null ? "" : value.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "bad_window", "Parameter 'window' must be a window id (a positive whole number).");
  }
}
