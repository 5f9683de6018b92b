package org.huxin.gateway.ratings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.WriterOverloadedException;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.roster.ClassRosterQueries.ClassRosterEntry;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.Services;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.questionnaires.RaterForms;
import org.huxin.gateway.student.SubmitApi;

/**
 * The head teacher's ratings of grades 1–3 (PSC-17 teacher form): {@code GET
 * /api/staff/classes/:classId/ratings?window=} lists her class with who is rated, {@code POST
 * /api/staff/classes/:classId/ratings/:studentId} stores one rating. Only the class's head teacher
 * and the school's psychologist may rate; another role is refused with 403, a class or child
 * outside the caller's scope with 404 and an audit row. A rating is scored and stored exactly like
 * a student's submit (form {@code teacher}; a crisis raises an alert; no guardian consent, no
 * rating), and the answer says only that it was stored: never a score, tier or fired rule.
 */
public final class TeacherRatings {
  public static final String LIST_ACTION = "view_rating_list";
  public static final String RATE_ACTION = "rate_student";

  private static final Set<StaffRole> RATERS =
      Set.of(StaffRole.HEAD_TEACHER, StaffRole.SCHOOL_PSYCHOLOGIST);
  private static final String RATERS_ONLY =
      "Only the head teacher of the class and the school psychologist rate children.";

  private final Services services;

  public TeacherRatings(Services services) {
    this.services = services;
  }

  /** {@code GET /api/staff/classes/:classId/ratings?window=<id>}. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, RATERS, RATERS_ONLY);
    long classId = id(ctx.pathParam("classId"));
    long windowId = windowParam(ctx.queryParams().get("window"));
    String subject = "ratings class " + classId + " window " + windowId;
    ctx.vertx()
        .executeBlocking(() -> services.classes().classInfo(classId), false)
        .compose(
            info -> {
              if (info.isEmpty()
                  || !StaffScope.coversClass(
                      p, info.get().districtId(), info.get().schoolId(), classId)) {
                return services
                    .staffAudit()
                    .<JsonObject>refuse(ctx, LIST_ACTION, subject, "class.");
              }
              ClassInfo schoolClass = info.get();
              Window window = window(windowId, schoolClass);
              String batteryId = window.batteryFor(schoolClass.grade()).orElseThrow();
              return ctx.vertx()
                  .executeBlocking(
                      () ->
                          classList(
                              schoolClass,
                              window,
                              batteryId,
                              services.classes().students(classId, services.names()),
                              services.windowStore().answered(window.id(), classId, "teacher")),
                      false)
                  .compose(
                      json ->
                          services
                              .staffAudit()
                              .audit(ctx, LIST_ACTION, null, subject, true)
                              .map(json));
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
      String sex =
          services.roster().byId(s.studentId()).map(e -> String.valueOf(e.sex())).orElse(null);
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
        .put("questionnaire", services.questionnaires().pathOf(batteryId, "zh-CN"))
        .put("students", rows);
  }

  /** {@code POST /api/staff/classes/:classId/ratings/:studentId}. */
  public void rate(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, RATERS, RATERS_ONLY);
    long classId = id(ctx.pathParam("classId"));
    long studentId = id(ctx.pathParam("studentId"));
    JsonObject body = RequestBodies.validated(ctx);
    services
        .staffAudit()
        .student(ctx, studentId, RATE_ACTION)
        .compose(
            student -> {
              if (student.classId() != classId) {
                return services
                    .staffAudit()
                    .<RosterEntry>refuse(ctx, RATE_ACTION, "student " + studentId, "student.");
              }
              return Future.succeededFuture(student);
            })
        .compose(student -> store(ctx, student, body))
        .onFailure(ctx::fail)
        .onSuccess(json -> Responses.json(ctx, json));
  }

  private Future<JsonObject> store(RoutingContext ctx, RosterEntry student, JsonObject body) {
    Instant now = services.clock().instant();
    Window window =
        services
            .windows()
            .find(body.getLong("window"))
            .filter(w -> w.inScope(student.districtId(), student.schoolId(), student.grade()))
            .orElseThrow(
                () ->
                    new ApiException(
                        404, "no_such_window", "No window rates this child; check 'window'."));
    String batteryId = window.batteryFor(student.grade()).orElseThrow();
    if (!RaterForms.rated(services.engines().forRuleSet(window.ruleSetId()), batteryId)) {
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
        SubmitApi.score(
                services.engines(),
                services.metrics(),
                window,
                student,
                RaterForms.TEACHER,
                batteryId,
                body,
                now)
            .row();
    return Future.fromCompletionStage(
            services.writer().submit(row), ctx.vertx().getOrCreateContext())
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
                services.relay().nudge();
              }
              return services
                  .staffAudit()
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
        services
            .windows()
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
    if (!RaterForms.rated(services.engines().forRuleSet(window.ruleSetId()), batteryId)) {
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
