package org.huxin.gateway.http;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.huxin.engine.progress.ProgressCache;
import org.huxin.gateway.Services;
import org.huxin.gateway.alerts.AlertChannelViews;
import org.huxin.gateway.alerts.AlertViews;
import org.huxin.gateway.drafts.DraftHandler;
import org.huxin.gateway.followup.ArchiveView;
import org.huxin.gateway.followup.AuditLogView;
import org.huxin.gateway.followup.FollowupViews;
import org.huxin.gateway.metrics.HttpMeters;
import org.huxin.gateway.metrics.MetricsEndpoint;
import org.huxin.gateway.progress.AlertStudents;
import org.huxin.gateway.progress.ProgressViews;
import org.huxin.gateway.progress.SharedProgress;
import org.huxin.gateway.progress.TierLists;
import org.huxin.gateway.ratings.TeacherRatings;
import org.huxin.gateway.rosterimport.RosterImportHandler;
import org.huxin.gateway.slips.AccessSlips;
import org.huxin.gateway.staff.AccountViews;
import org.huxin.gateway.staff.ClassList;
import org.huxin.gateway.staff.ConsentRecords;
import org.huxin.gateway.staff.StaffAuth;
import org.huxin.gateway.staff.StaffLogin;
import org.huxin.gateway.staff.StudentUnlock;
import org.huxin.gateway.staff.WindowViews;
import org.huxin.gateway.student.QuestionnaireHandler;
import org.huxin.gateway.student.StudentAuth;
import org.huxin.gateway.student.StudentLogin;
import org.huxin.gateway.student.StudentSubmit;

/**
 * The route table of a gateway node: every endpoint is listed here and nowhere else, and each has
 * an operation in the OpenAPI contract ({@link ApiContract}); a JSON body passes the contract's
 * validator before its handler runs. Each route's first handler labels the request with the route's
 * template for the HTTP meters ({@link HttpMeters}).
 */
public final class Routes {
  /** Largest request body accepted, in bytes. */
  public static final int BODY_LIMIT = 64 * 1024;

  private static final String JSON = "application/json";

  private Routes() {}

  public static Router build(Vertx vertx, Services services, boolean secureCookies) {
    Router router = Router.router(vertx);
    BodyHandler body = BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    StudentAuth student = new StudentAuth(services.tokens());
    PublicOrigin publicOrigin = PublicOrigin.parse(services.publicUrl());
    StaffAuth staff = new StaffAuth(services.tokens(), services.sessions(), publicOrigin);
    WindowViews windows = new WindowViews(services);
    ApiContract contract = services.contract();

    HttpMeters http = services.metrics().http();
    router.route().handler(http.timing());
    router.route().handler(ClientAddress.resolver(services.trustedProxies()));
    router.route().handler(new SecurityHeaders(publicOrigin.https()));
    router.route("/api/*").handler(services.admission().tracker());

    router
        .get("/health/live")
        .handler(http.route("/health/live"))
        .handler(ctx -> ctx.response().end("ok"));
    router
        .get("/health/ready")
        .handler(http.route("/health/ready"))
        .handler(ctx -> ready(ctx, services.readiness()));
    router
        .get("/metrics")
        .handler(http.route("/metrics"))
        .handler(new MetricsEndpoint(services.metrics(), services.tokens(), services.sessions()));
    router
        .get("/api/openapi.yaml")
        .handler(http.route("/api/openapi.yaml"))
        .handler(contract.document());

    router
        .post("/api/student/login")
        .consumes(JSON)
        .handler(http.route("/api/student/login"))
        .handler(body)
        .handler(contract.validator("studentLogin"))
        .handler(new StudentLogin(services));
    router
        .get("/api/questionnaires/:battery/:hash/:locale")
        .handler(http.route("/api/questionnaires/:battery/:hash/:locale"))
        .handler(new QuestionnaireHandler(services.questionnaires()));
    router
        .post("/api/student/submit")
        .consumes(JSON)
        .handler(http.route("/api/student/submit"))
        .handler(body)
        .handler(student)
        .handler(contract.validator("studentSubmit"))
        .handler(new StudentSubmit(services));

    DraftHandler drafts = new DraftHandler(services);
    router
        .put("/api/student/draft")
        .consumes(JSON)
        .handler(http.route("/api/student/draft"))
        .handler(body)
        .handler(student)
        .handler(contract.validator("saveDraft"))
        .handler(drafts::save);
    router
        .get("/api/student/draft")
        .handler(http.route("/api/student/draft"))
        .handler(student)
        .handler(drafts::load);

    StaffLogin staffLogin = new StaffLogin(vertx, services, secureCookies);
    router
        .post("/api/staff/login")
        .consumes(JSON)
        .handler(http.route("/api/staff/login"))
        .handler(body)
        .handler(contract.validator("staffLogin"))
        .handler(staffLogin);
    router
        .post("/api/staff/password")
        .consumes(JSON)
        .handler(http.route("/api/staff/password"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("changeStaffPassword"))
        .handler(staffLogin::changePassword);
    router
        .post("/api/staff/totp")
        .handler(http.route("/api/staff/totp"))
        .handler(body)
        .handler(staff)
        .handler(staffLogin::beginTotp);
    router
        .post("/api/staff/totp/confirm")
        .consumes(JSON)
        .handler(http.route("/api/staff/totp/confirm"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("confirmTotp"))
        .handler(staffLogin::confirmTotp);
    router
        .get("/api/staff/me")
        .handler(http.route("/api/staff/me"))
        .handler(staff)
        .handler(StaffLogin::me);
    router
        .post("/api/staff/logout")
        .handler(http.route("/api/staff/logout"))
        .handler(staff)
        .handler(staffLogin::logout);
    AlertViews alerts = new AlertViews(services, services.feed());
    router
        .get("/api/staff/alerts")
        .handler(http.route("/api/staff/alerts"))
        .handler(staff)
        .handler(alerts::pending);
    router
        .get("/api/staff/alerts/stream")
        .handler(http.route("/api/staff/alerts/stream"))
        .handler(staff)
        .handler(alerts::stream);
    router
        .post("/api/staff/alerts/received")
        .consumes(JSON)
        .handler(http.route("/api/staff/alerts/received"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("alertsReceived"))
        .handler(alerts::received);
    router
        .post("/api/staff/alerts/:id/ack")
        .handler(http.route("/api/staff/alerts/:id/ack"))
        .handler(body)
        .handler(staff)
        .handler(alerts::acknowledge);
    router
        .post("/api/staff/students/:id/unlock")
        .handler(http.route("/api/staff/students/:id/unlock"))
        .handler(body)
        .handler(staff)
        .handler(new StudentUnlock(services));
    router
        .get("/api/staff/windows")
        .handler(http.route("/api/staff/windows"))
        .handler(staff)
        .handler(windows::list);
    router
        .get("/api/staff/windows/:id/progress")
        .handler(http.route("/api/staff/windows/:id/progress"))
        .handler(staff)
        .handler(windows::progress);
    router
        .post("/api/staff/windows/:id/status")
        .consumes(JSON)
        .handler(http.route("/api/staff/windows/:id/status"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("setWindowStatus"))
        .handler(windows::setStatus);
    router
        .get("/api/staff/classes/:classId/slips")
        .handler(http.route("/api/staff/classes/:classId/slips"))
        .handler(staff)
        .handler(
            new AccessSlips(
                services.classes(),
                services.windows(),
                services.names(),
                services.audit(),
                services.publicUrl(),
                services.engines()));

    // --- console: roster import and accounts
    // The upload's body is a file streamed to disk, not the 64 KiB JSON body: pause it before
    // StaffAuth so no chunk is lost while the session is checked.
    RosterImportHandler rosterImports = new RosterImportHandler(vertx, services);
    router
        .post("/api/staff/roster/imports")
        .handler(http.route("/api/staff/roster/imports"))
        .handler(RosterImportHandler::pause)
        .handler(staff)
        .handler(rosterImports::upload);
    router
        .get("/api/staff/roster/imports")
        .handler(http.route("/api/staff/roster/imports"))
        .handler(staff)
        .handler(rosterImports::list);
    router
        .get("/api/staff/roster/imports/:id")
        .handler(http.route("/api/staff/roster/imports/:id"))
        .handler(staff)
        .handler(rosterImports::get);
    // --- console: windows, consent, grades 1-3 ratings
    router
        .post("/api/staff/windows")
        .consumes(JSON)
        .handler(http.route("/api/staff/windows"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("createWindow"))
        .handler(windows::create);
    ConsentRecords consents = new ConsentRecords(services);
    router
        .post("/api/staff/students/:id/consent")
        .consumes(JSON)
        .handler(http.route("/api/staff/students/:id/consent"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("recordConsent"))
        .handler(consents::record);
    router
        .get("/api/staff/students/:id/consent")
        .handler(http.route("/api/staff/students/:id/consent"))
        .handler(staff)
        .handler(consents::history);
    router
        .get("/api/staff/windows/:id/consent-missing")
        .handler(http.route("/api/staff/windows/:id/consent-missing"))
        .handler(staff)
        .handler(windows::consentMissing);
    router
        .get("/api/staff/classes")
        .handler(http.route("/api/staff/classes"))
        .handler(staff)
        .handler(new ClassList(services)::handle);
    TeacherRatings ratings = new TeacherRatings(services);
    router
        .get("/api/staff/classes/:classId/ratings")
        .handler(http.route("/api/staff/classes/:classId/ratings"))
        .handler(staff)
        .handler(ratings::list);
    router
        .post("/api/staff/classes/:classId/ratings/:studentId")
        .consumes(JSON)
        .handler(http.route("/api/staff/classes/:classId/ratings/:studentId"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("rateStudent"))
        .handler(ratings::rate);
    // --- console: live progress, tier lists, archive, follow-up ledger, audit log
    FollowupViews followups = new FollowupViews(services);
    router
        .post("/api/staff/students/:id/followups")
        .consumes(JSON)
        .handler(http.route("/api/staff/students/:id/followups"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("recordFollowup"))
        .handler(followups::record);
    router
        .get("/api/staff/followups")
        .handler(http.route("/api/staff/followups"))
        .handler(staff)
        .handler(followups::list);
    router
        .get("/api/staff/students/:id/archive")
        .handler(http.route("/api/staff/students/:id/archive"))
        .handler(staff)
        .handler(new ArchiveView(services)::handle);
    router
        .get("/api/staff/audit")
        .handler(http.route("/api/staff/audit"))
        .handler(staff)
        .handler(new AuditLogView(services)::handle);
    ProgressCache progress = SharedProgress.of(vertx, services.store().dataSource());
    ProgressViews progressViews = new ProgressViews(services, progress);
    router
        .get("/api/staff/windows/:id/progress/tree")
        .handler(http.route("/api/staff/windows/:id/progress/tree"))
        .handler(staff)
        .handler(progressViews::tree);
    router
        .get("/api/staff/windows/:id/progress/stream")
        .handler(http.route("/api/staff/windows/:id/progress/stream"))
        .handler(staff)
        .handler(progressViews::stream);
    router
        .get("/api/staff/windows/:id/tiers")
        .handler(http.route("/api/staff/windows/:id/tiers"))
        .handler(staff)
        .handler(new TierLists(services, progress)::handle);
    router
        .get("/api/staff/alerts/students")
        .handler(http.route("/api/staff/alerts/students"))
        .handler(staff)
        .handler(new AlertStudents(services)::handle);
    // --- console: staff accounts (账号管理)
    AccountViews accounts = new AccountViews(vertx, services);
    router
        .get("/api/staff/accounts")
        .handler(http.route("/api/staff/accounts"))
        .handler(staff)
        .handler(accounts::list);
    router
        .post("/api/staff/accounts")
        .consumes(JSON)
        .handler(http.route("/api/staff/accounts"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("createStaffAccount"))
        .handler(accounts::create);
    router
        .post("/api/staff/accounts/:id/disable")
        .handler(http.route("/api/staff/accounts/:id/disable"))
        .handler(body)
        .handler(staff)
        .handler(accounts::disable);
    router
        .post("/api/staff/accounts/:id/enable")
        .handler(http.route("/api/staff/accounts/:id/enable"))
        .handler(body)
        .handler(staff)
        .handler(accounts::enable);
    router
        .post("/api/staff/accounts/:id/reset-password")
        .handler(http.route("/api/staff/accounts/:id/reset-password"))
        .handler(body)
        .handler(staff)
        .handler(accounts::resetPassword);
    router
        .put("/api/staff/accounts/:id/scope")
        .consumes(JSON)
        .handler(http.route("/api/staff/accounts/:id/scope"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("changeStaffScope"))
        .handler(accounts::changeScope);
    // --- console: alert channels (where crisis alerts reach a phone)
    AlertChannelViews channels = new AlertChannelViews(services);
    router
        .get("/api/staff/alert-channels")
        .handler(http.route("/api/staff/alert-channels"))
        .handler(staff)
        .handler(channels::list);
    router
        .post("/api/staff/alert-channels")
        .consumes(JSON)
        .handler(http.route("/api/staff/alert-channels"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("createAlertChannel"))
        .handler(channels::create);
    router
        .put("/api/staff/alert-channels/:id")
        .consumes(JSON)
        .handler(http.route("/api/staff/alert-channels/:id"))
        .handler(body)
        .handler(staff)
        .handler(contract.validator("updateAlertChannel"))
        .handler(channels::update);
    router
        .delete("/api/staff/alert-channels/:id")
        .handler(http.route("/api/staff/alert-channels/:id"))
        .handler(staff)
        .handler(channels::delete);
    router
        .post("/api/staff/alert-channels/:id/test")
        .handler(http.route("/api/staff/alert-channels/:id/test"))
        .handler(body)
        .handler(staff)
        .handler(channels::test);
    // --- console: reports and exports
    org.huxin.gateway.reports.ReportViews reports =
        new org.huxin.gateway.reports.ReportViews(services);
    router
        .get("/api/staff/reports/units")
        .handler(http.route("/api/staff/reports/units"))
        .handler(staff)
        .handler(reports::units);
    router
        .get("/api/staff/reports/:windowId")
        .handler(http.route("/api/staff/reports/:windowId"))
        .handler(staff)
        .handler(reports::report);
    router
        .get("/api/staff/reports/:windowId/export.csv")
        .handler(http.route("/api/staff/reports/:windowId/export.csv"))
        .handler(staff)
        .handler(reports::csv);
    router
        .get("/api/staff/reports/:windowId/export.xlsx")
        .handler(http.route("/api/staff/reports/:windowId/export.xlsx"))
        .handler(staff)
        .handler(reports::xlsx);
    router
        .get("/api/staff/reports/:windowId/print")
        .handler(http.route("/api/staff/reports/:windowId/print"))
        .handler(staff)
        .handler(reports::print);

    router
        .route("/webjars/*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(http.route("/webjars/*"))
        .handler(
            StaticHandler.create("META-INF/resources/webjars").setMaxAgeSeconds(7 * 24 * 3600));
    router
        .route("/*")
        .method(HttpMethod.GET)
        .method(HttpMethod.HEAD)
        .handler(http.route("/*"))
        .handler(StaticHandler.create("webroot").setIndexPage("index.html").setMaxAgeSeconds(300));

    router.route().failureHandler(Errors::handle);
    for (int status : new int[] {404, 405, 413, 415, 500}) {
      router.errorHandler(status, Errors::handle);
    }
    return router;
  }

  /** {@code GET /health/ready}: 200 when ready, else 503; both with the reasons. */
  private static void ready(RoutingContext ctx, Readiness readiness) {
    boolean ready = readiness.isReady();
    Responses.json(
        ctx,
        ready ? 200 : 503,
        new JsonObject().put("ready", ready).put("reasons", new JsonArray(readiness.reasons())));
  }
}
