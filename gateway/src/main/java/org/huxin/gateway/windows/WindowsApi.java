package org.huxin.gateway.windows;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.huxin.engine.progress.ProgressCache;
import org.huxin.engine.progress.ProgressCounts;
import org.huxin.engine.roster.ClassRosterQueries;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.windows.GradeBand;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.engine.windows.WindowStore.MissingConsent;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.questionnaires.RaterForms;
import org.huxin.gateway.roster.ChangeNotices;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;
import org.huxin.gateway.student.HelpContacts;
import org.huxin.scales.Battery;
import org.huxin.scales.SchoolBand;

/**
 * Screening windows for staff: the list (only windows the caller's scope meets), creating a draft,
 * progress with tier counts, state changes, and the students who cannot start for want of a
 * guardian's consent. A state change reaches every node through {@link ChangeNotices}, so the
 * student API honours it at once everywhere.
 */
public final class WindowsApi {
  /** The audit action of creating a window. */
  public static final String CREATE_AUDIT_ACTION = "create_window";

  /** The audit action of a view of the students without consent. */
  public static final String CONSENT_AUDIT_ACTION = "view_consent_missing";

  /** The audit action of a refused view of a window's progress (one outside the caller's scope). */
  public static final String PROGRESS_AUDIT_ACTION = "view_window_progress";

  private static final Set<StaffRole> ADMINS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN);
  private static final Set<StaffRole> CONSENT_ROLES =
      Set.of(
          StaffRole.CITY_ADMIN,
          StaffRole.DISTRICT_ADMIN,
          StaffRole.SCHOOL_PSYCHOLOGIST,
          StaffRole.HEAD_TEACHER);

  private final Pool pool;
  private final WindowRegistry windows;
  private final WindowStore windowStore;
  private final RosterIndex roster;
  private final ClassRosterQueries classes;
  private final Engines engines;
  private final ChangeNotices changes;
  private final NameCipher names;
  private final StaffAudit audit;
  private final ProgressCache progress;

  public WindowsApi(
      Pool pool,
      WindowRegistry windows,
      WindowStore windowStore,
      RosterIndex roster,
      ClassRosterQueries classes,
      Engines engines,
      ChangeNotices changes,
      NameCipher names,
      StaffAudit audit,
      ProgressCache progress) {
    this.pool = pool;
    this.windows = windows;
    this.windowStore = windowStore;
    this.roster = roster;
    this.classes = classes;
    this.engines = engines;
    this.changes = changes;
    this.names = names;
    this.audit = audit;
    this.progress = progress;
  }

  /**
   * {@code GET /api/staff/windows}: city admins and ops see every window; a district admin those
   * that are city-wide or name their district; a psychologist or head teacher those that are
   * city-wide or name their district or school.
   */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    JsonArray out = new JsonArray();
    for (Window w : windows.all()) {
      if (StaffScope.seesWindow(p, w, roster)) {
        out.add(toJson(w));
      }
    }
    Responses.json(ctx, new JsonObject().put("windows", out));
  }

  /**
   * {@code POST /api/staff/windows}: creates a draft window. City admins for any scope; a district
   * admin only for exactly their own district. Each battery must be in the scale library and
   * written for its band; the 1–3 band names the head teacher's battery (parents answer the parent
   * battery of the same band). Every fault answers 422 naming the field; a rule set that may not
   * score one of the window's bands (the adolescent PHQ-9 cut-off on grades 4–6) has its own code,
   * {@code rule_set_band}, with the rule set and the bands it is for.
   */
  public void create(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, ADMINS, "Only city and district admins create windows.");
    JsonObject body = RequestBodies.validated(ctx);
    String name = body.getString("name").trim();
    if (name.isEmpty()) {
      throw invalid("name", "Field 'name' must not be blank.");
    }
    List<Long> districtIds = ids(body.getJsonArray("districtIds"));
    List<Long> schoolIds = ids(body.getJsonArray("schoolIds"));
    if (p.role() == StaffRole.DISTRICT_ADMIN) {
      if (districtIds.isEmpty() && schoolIds.isEmpty()) {
        districtIds = List.of(p.districtId());
      }
      if (!districtIds.equals(List.of(p.districtId())) || !schoolIds.isEmpty()) {
        throw new ApiException(
            403,
            "forbidden",
            "A district admin creates windows for exactly their own district (districtIds = ["
                + p.districtId()
                + "], no schoolIds); ask the city admin for any other scope.");
      }
    }
    int minGrade = body.getInteger("minGrade");
    int maxGrade = body.getInteger("maxGrade");
    if (minGrade > maxGrade) {
      throw invalid(
          "minGrade",
          "Field 'minGrade' (" + minGrade + ") must not exceed 'maxGrade' (" + maxGrade + ").");
    }
    String ruleSetId = body.getString("ruleSetId", NewWindow.DEFAULT_RULE_SET);
    ScoringEngine engine;
    try {
      engine = engines.forRuleSet(ruleSetId);
    } catch (IllegalStateException e) {
      throw invalid("ruleSetId", "Field 'ruleSetId': " + e.getMessage());
    }
    Map<String, String> bands =
        bands(engine, body.getJsonObject("batteryByBand"), minGrade, maxGrade);
    try {
      engine.checkRuleSetFits(bands.values());
    } catch (IllegalArgumentException e) {
      throw new ApiException(
          422,
          "rule_set_band",
          "Field 'ruleSetId': " + e.getMessage() + ".",
          new JsonObject()
              .put("field", "ruleSetId")
              .put("ruleSetId", ruleSetId)
              .put(
                  "bands",
                  new JsonArray(engine.ruleSet().bands().stream().map(SchoolBand::id).toList())),
          0);
    }
    Instant opensAt = instant(body, "opensAt");
    Instant closesAt = instant(body, "closesAt");
    if (!opensAt.isBefore(closesAt)) {
      throw invalid(
          "closesAt",
          "Field 'closesAt' (" + closesAt + ") must be after 'opensAt' (" + opensAt + ").");
    }
    JsonObject help = body.getJsonObject("helpContacts");
    String helpJson = help == null ? HelpContacts.NATIONAL_JSON : help.encode();
    if (help != null && help.getJsonObject("zh-CN") == null) {
      throw invalid("helpContacts", "Field 'helpContacts' must hold a 'zh-CN' entry.");
    }
    NewWindow window;
    try {
      window =
          new NewWindow(
              name,
              districtIds,
              schoolIds,
              minGrade,
              maxGrade,
              bands,
              opensAt,
              closesAt,
              helpJson,
              NewWindow.DEFAULT_HASH_PARTITIONS,
              ruleSetId);
    } catch (IllegalArgumentException e) {
      throw invalid("window", e.getMessage());
    }
    List<Long> districts = districtIds;
    pool.withTransaction(tx -> insert(tx, ctx, districts, schoolIds, window))
        .compose(created -> changes.windowsChanged().map(created))
        .onFailure(ctx::fail)
        .onSuccess(created -> Responses.json(ctx, 201, toJson(created)));
  }

  /** Checks that the scope's districts and schools exist, creates the window and audits it. */
  private Future<Window> insert(
      SqlClient tx,
      RoutingContext ctx,
      List<Long> districtIds,
      List<Long> schoolIds,
      NewWindow window) {
    Future<List<Long>> noDistrict = windowStore.unknownDistricts(tx, districtIds);
    Future<List<Long>> noSchool = windowStore.unknownSchools(tx, schoolIds);
    return Future.all(noDistrict, noSchool)
        .compose(
            checked -> {
              if (!noDistrict.result().isEmpty()) {
                return Future.failedFuture(
                    invalid(
                        "districtIds",
                        "Field 'districtIds': no district " + noDistrict.result() + "."));
              }
              if (!noSchool.result().isEmpty()) {
                return Future.failedFuture(
                    invalid(
                        "schoolIds", "Field 'schoolIds': no school " + noSchool.result() + "."));
              }
              return windowStore.create(tx, window);
            })
        .compose(
            created ->
                audit
                    .audit(tx, ctx, CREATE_AUDIT_ACTION, null, "window " + created.id(), true)
                    .map(created));
  }

  /**
   * Checks {@code batteryByBand}: each key a grade band, each value a battery of the library
   * written for that band (for 1–3 the head teacher's), and every grade of {@code min..max} in a
   * band.
   */
  private static Map<String, String> bands(
      ScoringEngine engine, JsonObject json, int minGrade, int maxGrade) {
    Map<String, String> bands = new LinkedHashMap<>();
    for (String key : json.fieldNames()) {
      GradeBand band;
      try {
        band = GradeBand.parse(key);
      } catch (IllegalArgumentException e) {
        throw invalid("batteryByBand", "Field 'batteryByBand': " + e.getMessage());
      }
      String batteryId = json.getString(key);
      if (!engine.hasBattery(batteryId)) {
        throw invalid(
            "batteryByBand",
            "Field 'batteryByBand': band "
                + key
                + " names battery '"
                + batteryId
                + "', which the scale library lacks; have "
                + engine.batteryIds());
      }
      Battery battery = engine.battery(batteryId).definition();
      SchoolBand written = battery.band();
      if (band.first() != written.first() || band.last() != written.last()) {
        throw invalid(
            "batteryByBand",
            "Field 'batteryByBand': battery '"
                + batteryId
                + "' is written for grades "
                + written.id()
                + ", not for band "
                + key);
      }
      String expected = written == SchoolBand.G1_3 ? RaterForms.TEACHER : RaterForms.SELF;
      if (!expected.equals(battery.form())) {
        throw invalid(
            "batteryByBand",
            "Field 'batteryByBand': band "
                + key
                + " needs a "
                + expected
                + " battery; '"
                + batteryId
                + "' is a "
                + battery.form()
                + " form");
      }
      if (written == SchoolBand.G1_3 && RaterForms.parentBattery(engine, batteryId).isEmpty()) {
        throw invalid(
            "batteryByBand",
            "Field 'batteryByBand': the scale library has no parent battery for band " + key);
      }
      bands.put(key, batteryId);
    }
    if (bands.isEmpty()) {
      throw invalid("batteryByBand", "Field 'batteryByBand' must name at least one band.");
    }
    for (int grade = minGrade; grade <= maxGrade; grade++) {
      int g = grade;
      if (bands.keySet().stream().noneMatch(k -> GradeBand.parse(k).contains(g))) {
        throw invalid(
            "batteryByBand",
            "Field 'batteryByBand' names no battery for grade "
                + grade
                + ", which lies within minGrade..maxGrade.");
      }
    }
    return bands;
  }

  /**
   * {@code GET /api/staff/windows/:id/progress}: students in the caller's scope, how many
   * submitted, and counts per tier, summed from the window's cached progress (as old as the
   * progress tree's, a couple of seconds at most). Head teachers and ops get 403: they never see
   * tier counts; a window the caller's list does not show answers 404, audited as refused.
   */
  public void progress(RoutingContext ctx) {
    StaffPrincipal p = ctx.get(StaffAuth.PRINCIPAL);
    if (!StaffScope.seesScores(p.role())) {
      throw new ApiException(403, "forbidden", "Your role does not include screening results.");
    }
    Window w = window(ctx);
    if (!StaffScope.seesWindow(p, w, roster)) {
      audit
          .<Void>refuse(ctx, PROGRESS_AUDIT_ACTION, "progress window " + w.id(), "window.")
          .onFailure(ctx::fail);
      return;
    }
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school = p.role() == StaffRole.SCHOOL_PSYCHOLOGIST ? p.schoolId() : null;
    progress
        .snapshot(w)
        .map(snapshot -> snapshot.within(district, school))
        .onFailure(ctx::fail)
        .onSuccess(counts -> Responses.json(ctx, toJson(w, district, school, counts)));
  }

  /**
   * {@code POST /api/staff/windows/:id/status} with {@code {"status": "open"|"paused"|"closed"}}.
   */
  public void setStatus(RoutingContext ctx) {
    StaffPrincipal p = ctx.get(StaffAuth.PRINCIPAL);
    if (p.role() != StaffRole.CITY_ADMIN && p.role() != StaffRole.DISTRICT_ADMIN) {
      throw new ApiException(403, "forbidden", "Only city and district admins change windows.");
    }
    Window w = window(ctx);
    if (p.role() == StaffRole.DISTRICT_ADMIN
        && !w.scopeDistrictIds().equals(java.util.List.of(p.districtId()))) {
      throw new ApiException(
          403, "forbidden", "This window covers more than your district; ask the city admin.");
    }
    WindowStatus status = parseStatus(RequestBodies.validated(ctx).getString("status"));
    windowStore
        .setStatus(pool, w.id(), status)
        .compose(v -> changes.windowsChanged())
        .map(v -> windows.find(w.id()).orElseThrow())
        .onFailure(ctx::fail)
        .onSuccess(
            updated ->
                Responses.json(
                    ctx,
                    new JsonObject()
                        .put("id", updated.id())
                        .put("status", updated.status().code())));
  }

  /**
   * {@code GET /api/staff/windows/:id/consent-missing}: the students the window covers, within the
   * caller's scope (a head teacher: her class), whose guardian has not consented, grouped by class,
   * with names. Audited as one row.
   */
  public void consentMissing(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(
        p, CONSENT_ROLES, "Only admins, psychologists and head teachers see consent lists.");
    Window w = window(ctx);
    if (!StaffScope.seesWindow(p, w, roster)) {
      audit
          .<Void>refuse(ctx, CONSENT_AUDIT_ACTION, "consent-missing window " + w.id(), "window.")
          .onFailure(ctx::fail);
      return;
    }
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school =
        p.role() == StaffRole.SCHOOL_PSYCHOLOGIST || p.role() == StaffRole.HEAD_TEACHER
            ? p.schoolId()
            : null;
    Long asked = classParam(ctx.queryParams().get("class"));
    Long own = p.role() == StaffRole.HEAD_TEACHER ? p.classId() : null;
    String subject = "consent-missing window " + w.id() + (asked == null ? "" : " class " + asked);
    Future<Long> schoolClass =
        asked == null
            ? Future.succeededFuture(own)
            : classes
                .classInfo(pool, asked)
                .compose(
                    info ->
                        info.isPresent()
                                && StaffScope.coversClass(
                                    p, info.get().districtId(), info.get().schoolId(), asked)
                            ? Future.succeededFuture(asked)
                            : audit.<Long>refuse(ctx, CONSENT_AUDIT_ACTION, subject, "class."));
    schoolClass
        .compose(
            classId ->
                pool.withTransaction(
                    tx ->
                        windowStore
                            .withoutConsent(tx, w, district, school, classId, names)
                            .compose(
                                students ->
                                    audit
                                        .audit(tx, ctx, CONSENT_AUDIT_ACTION, null, subject, true)
                                        .map(students))))
        .onFailure(ctx::fail)
        .onSuccess(students -> Responses.json(ctx, consentJson(w, students)));
  }

  private static Long classParam(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      long id = Long.parseLong(value.trim());
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw ApiException.badRequest(
        "bad_class", "Parameter 'class' must be a class id (a positive whole number).");
  }

  private static JsonObject consentJson(Window w, List<MissingConsent> students) {
    JsonArray classes = new JsonArray();
    JsonObject current = null;
    long currentClass = -1;
    for (MissingConsent s : students) {
      if (current == null || s.classId() != currentClass) {
        currentClass = s.classId();
        current =
            new JsonObject()
                .put("classId", s.classId())
                .put("schoolId", s.schoolId())
                .put("school", s.schoolName())
                .put("grade", s.grade())
                .put("className", s.className())
                .put("students", new JsonArray());
        classes.add(current);
      }
      current
          .getJsonArray("students")
          .add(
              new JsonObject()
                  .put("id", s.studentId())
                  .put("studentNo", s.studentNo())
                  .put("name", s.name()));
    }
    return new JsonObject()
        .put("windowId", w.id())
        .put("total", students.size())
        .put("classes", classes);
  }

  private Window window(RoutingContext ctx) {
    long id;
    try {
      id = Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new ApiException(404, "not_found", "No such window.");
    }
    return windows
        .find(id)
        .orElseThrow(() -> new ApiException(404, "not_found", "No such window."));
  }

  private static WindowStatus parseStatus(String value) {
    return switch (value) {
      case "open" -> WindowStatus.OPEN;
      case "paused" -> WindowStatus.PAUSED;
      case "closed" -> WindowStatus.CLOSED;
      default ->
          throw ApiException.badRequest(
              "bad_field", "Field 'status' must be one of open, paused, closed.");
    };
  }

  private static JsonObject toJson(Window w) {
    return new JsonObject()
        .put("id", w.id())
        .put("name", w.name())
        .put("status", w.status().code())
        .put("opensAt", w.opensAt().toString())
        .put("closesAt", w.closesAt().toString())
        .put("minGrade", w.minGrade())
        .put("maxGrade", w.maxGrade())
        .put("batteryByBand", new JsonObject(new LinkedHashMap<>(w.batteryByBand())))
        .put("cityWide", w.cityWide())
        .put("districtIds", new JsonArray(new ArrayList<>(w.scopeDistrictIds())))
        .put("schoolIds", new JsonArray(new ArrayList<>(w.scopeSchoolIds())))
        .put("ruleSetId", w.ruleSetId());
  }

  private static JsonObject toJson(Window w, Long district, Long school, ProgressCounts counts) {
    return new JsonObject()
        .put("windowId", w.id())
        .put("districtId", district)
        .put("schoolId", school)
        .put("studentsInScope", counts.inScope())
        .put("withoutConsent", counts.withoutConsent())
        .put("studentsSubmitted", counts.submitted())
        .put("results", counts.results())
        .put(
            "tiers",
            new JsonObject()
                .put("routine", counts.tier0())
                .put("key", counts.tier1())
                .put("close", counts.tier2())
                .put("crisis", counts.tier3()));
  }

  private static List<Long> ids(JsonArray array) {
    List<Long> ids = new ArrayList<>();
    if (array != null) {
      for (Object id : array) {
        Long value = ((Number) Objects.requireNonNull(id)).longValue();
        if (!ids.contains(value)) {
          ids.add(value);
        }
      }
    }
    return List.copyOf(ids);
  }

  private static Instant instant(JsonObject body, String field) {
    try {
      return OffsetDateTime.parse(body.getString(field).toUpperCase(Locale.ROOT)).toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(
          field, "Field '" + field + "' must be an ISO instant like 2026-10-12T08:00:00Z.");
    }
  }

  private static ApiException invalid(String field, String message) {
    return new ApiException(
        422, "invalid_window", message, new JsonObject().put("field", field), 0);
  }
}
