package org.huxin.gateway.slips;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.roster.ClassRosterQueries;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.roster.ClassRosterQueries.ClassRosterEntry;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.questionnaires.RaterForms;
import org.huxin.gateway.roster.WindowRegistry;
import org.huxin.gateway.slips.SlipPage.Language;

/**
 * The printable access slips of one class for one window, as {@code text/html}. For a class whose
 * children a teacher rates (grades 1–3) the slips carry parent codes, labelled 家长评定码, for the child
 * to take home.
 *
 * <p>A class outside the caller's scope answers the same 404 as a class that does not exist, so the
 * page never reveals which classes exist; the refused attempt is audited. A shown page is audited
 * before it is sent (who, class, window, how many students), because it carries names: the audit
 * row commits with the read of the students. Only encoding the QR codes and rendering, CPU work,
 * run on a worker thread.
 */
public final class SlipsApi {
  /** The audit action of a view (or refused view) of a class's slips. */
  public static final String AUDIT_ACTION = "view_access_slips";

  private static final CharSequence HTML = HttpHeaders.createOptimized("text/html; charset=utf-8");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  private static final String NO_SUCH_CLASS = "No such class.";

  private final ClassRosterQueries classes;
  private final WindowRegistry windows;
  private final NameCipher names;
  private final AuditStore audit;
  private final Pool pool;
  private final String publicUrl;
  private final Engines engines;

  /**
   * @param publicUrl the student page's address as people type it; slips print it and their QR
   *     codes link to it
   * @param engines tells a class whose children are rated (grades 1–3: the slips then carry parent
   *     codes) from one whose students answer themselves
   */
  public SlipsApi(
      ClassRosterQueries classes,
      WindowRegistry windows,
      NameCipher names,
      AuditStore audit,
      Pool pool,
      String publicUrl,
      Engines engines) {
    this.engines = Objects.requireNonNull(engines, "engines");
    this.classes = Objects.requireNonNull(classes, "classes");
    this.windows = Objects.requireNonNull(windows, "windows");
    this.names = Objects.requireNonNull(names, "names");
    this.audit = Objects.requireNonNull(audit, "audit");
    this.pool = pool;
    this.publicUrl = stripTrailingSlash(Objects.requireNonNull(publicUrl, "publicUrl"));
  }

  /** {@code GET /api/staff/classes/:classId/slips?window=<id>[&lang=en]}: a class's slip page. */
  public void slips(RoutingContext ctx) {
    StaffPrincipal staff = ctx.get(StaffAuth.PRINCIPAL);
    long classId = classId(ctx.pathParam("classId"));
    long windowId = windowId(ctx.queryParams().get("window"));
    Language language = language(ctx.queryParams().get("lang"));
    classes
        .classInfo(pool, classId)
        .compose(info -> inScope(staff, info, classId, windowId))
        .compose(schoolClass -> page(ctx, staff, schoolClass, windowId, language))
        .onFailure(ctx::fail)
        .onSuccess(
            html ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, HTML)
                    .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
                    .end(html));
  }

  /**
   * The class, when it exists and the caller's scope holds it; otherwise 404, and a class out of
   * scope is audited as refused first.
   */
  private Future<ClassInfo> inScope(
      StaffPrincipal staff, Optional<ClassInfo> info, long classId, long windowId) {
    if (info.isEmpty()) {
      return Future.failedFuture(notFound("no_such_class", NO_SUCH_CLASS));
    }
    if (!SlipScope.covers(staff, info.get())) {
      return audit
          .record(pool, event(staff, classId, windowId, "out of scope", false))
          .compose(id -> Future.failedFuture(notFound("no_such_class", NO_SUCH_CLASS)));
    }
    return Future.succeededFuture(info.get());
  }

  /**
   * Checks the window, reads the students and audits the view in one transaction, then renders the
   * page (QR codes: CPU) on a worker.
   */
  private Future<String> page(
      RoutingContext ctx,
      StaffPrincipal staff,
      ClassInfo schoolClass,
      long windowId,
      Language language) {
    long classId = schoolClass.classId();
    Window window =
        windows
            .find(windowId)
            .orElseThrow(
                () -> notFound("no_such_window", "Screening window " + windowId + " not found."));
    if (!window.inScope(schoolClass.districtId(), schoolClass.schoolId(), schoolClass.grade())) {
      throw notFound(
          "window_not_for_class",
          "Screening window "
              + windowId
              + " does not screen grade "
              + schoolClass.grade()
              + " of school "
              + schoolClass.schoolCode()
              + "; pick a window that covers this class.");
    }
    boolean parent =
        RaterForms.rated(
            engines.forRuleSet(window.ruleSetId()),
            window.batteryFor(schoolClass.grade()).orElseThrow());
    return pool.withTransaction(
            tx ->
                classes
                    .students(tx, classId, names)
                    .compose(
                        students ->
                            audit
                                .record(
                                    tx,
                                    event(
                                        staff,
                                        classId,
                                        windowId,
                                        "students=" + students.size() + " lang=" + language.tag(),
                                        true))
                                .map(students)))
        .compose(
            students ->
                ctx.vertx()
                    .executeBlocking(
                        () ->
                            SlipPage.render(
                                schoolClass,
                                window,
                                slipsOf(schoolClass, window, students, parent),
                                publicUrl + "/",
                                language,
                                parent),
                        false));
  }

  private List<Slip> slipsOf(
      ClassInfo schoolClass, Window window, List<ClassRosterEntry> students, boolean parent) {
    byte[] secret = window.codeSecret();
    List<Slip> slips = new ArrayList<>(students.size());
    for (ClassRosterEntry student : students) {
      String code =
          parent
              ? AccessCodes.parentCode(secret, window.id(), student.studentId())
              : AccessCodes.code(secret, window.id(), student.studentId());
      String link = loginLink(publicUrl, schoolClass.schoolCode(), student.studentNo(), code);
      String qr = QrCodes.svg(QrCodes.matrix(link), "QR " + student.studentNo());
      slips.add(new Slip(student.studentNo(), student.name(), code, student.consent(), link, qr));
    }
    return slips;
  }

  /**
   * {@code <publicUrl>/#school=…&no=…&code=…}, the address a slip's QR code opens. The details ride
   * in the fragment, which the browser keeps to itself: in the query they would reach the access
   * log of every proxy on the way.
   */
  static String loginLink(String publicUrl, String schoolCode, String studentNo, String code) {
    return stripTrailingSlash(publicUrl)
        + "/#school="
        + URLEncoder.encode(schoolCode, StandardCharsets.UTF_8)
        + "&no="
        + URLEncoder.encode(studentNo, StandardCharsets.UTF_8)
        + "&code="
        + URLEncoder.encode(code, StandardCharsets.UTF_8);
  }

  private static AuditEvent event(
      StaffPrincipal staff, long classId, long windowId, String reason, boolean ok) {
    return new AuditEvent(
        staff.accountId(),
        staff.role().code(),
        AUDIT_ACTION,
        null,
        "class=" + classId + " window=" + windowId,
        reason,
        ok);
  }

  private static long classId(String value) {
    try {
      long id = Long.parseLong(value);
      if (id > 0) {
        return id;
      }
    } catch (NumberFormatException e) {
      // answered below, like any unknown class
    }
    throw notFound("no_such_class", NO_SUCH_CLASS);
  }

  private static long windowId(String value) {
    if (value == null || value.isBlank()) {
      throw ApiException.badRequest(
          "missing_window", "Add ?window=<id> to say which screening window the codes are for.");
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
        "bad_window", "Parameter 'window' must be a window id (a positive whole number).");
  }

  private static Language language(String value) {
    if (value == null || value.isBlank()) {
      return Language.BILINGUAL;
    }
    for (Language language : Language.values()) {
      if (language.tag().equalsIgnoreCase(value.trim())) {
        return language;
      }
    }
    throw ApiException.badRequest("bad_lang", "Parameter 'lang' must be zh-CN or en.");
  }

  private static ApiException notFound(String code, String message) {
    return new ApiException(404, code, message);
  }

  private static String stripTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
