package org.huxin.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.StaticHandler;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.followup.StudentArchiveQueries;
import org.huxin.engine.progress.ProgressCache;
import org.huxin.engine.progress.TierListQueries;
import org.huxin.engine.reports.Reports;
import org.huxin.engine.roster.ConsentStore;
import org.huxin.engine.roster.OrgUnitQueries;
import org.huxin.engine.roster.imports.RosterImportStore;
import org.huxin.engine.staff.StaffAccountStore;
import org.huxin.gateway.alerts.AlertChannelsApi;
import org.huxin.gateway.alerts.AlertsApi;
import org.huxin.gateway.audit.AuditApi;
import org.huxin.gateway.auth.StaffAuth;
import org.huxin.gateway.auth.StudentAuth;
import org.huxin.gateway.drafts.DraftsApi;
import org.huxin.gateway.followup.ArchiveApi;
import org.huxin.gateway.followup.FollowupApi;
import org.huxin.gateway.http.ApiContract;
import org.huxin.gateway.http.ClientAddress;
import org.huxin.gateway.http.Errors;
import org.huxin.gateway.http.PublicOrigin;
import org.huxin.gateway.http.SecurityHeaders;
import org.huxin.gateway.metrics.HttpMeters;
import org.huxin.gateway.metrics.MetricsEndpoint;
import org.huxin.gateway.progress.AlertStudentsApi;
import org.huxin.gateway.progress.ProgressApi;
import org.huxin.gateway.progress.SharedProgress;
import org.huxin.gateway.progress.TierListsApi;
import org.huxin.gateway.questionnaires.QuestionnairesApi;
import org.huxin.gateway.ratings.RatingsApi;
import org.huxin.gateway.reports.ReportsApi;
import org.huxin.gateway.rosterimport.RosterImportApi;
import org.huxin.gateway.slips.SlipsApi;
import org.huxin.gateway.staff.AccountsApi;
import org.huxin.gateway.staff.ClassesApi;
import org.huxin.gateway.staff.ConsentApi;
import org.huxin.gateway.staff.StaffLoginApi;
import org.huxin.gateway.staff.UnlockApi;
import org.huxin.gateway.student.StudentLoginApi;
import org.huxin.gateway.student.SubmitApi;
import org.huxin.gateway.windows.WindowsApi;

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
    ProgressCache progress = SharedProgress.of(vertx, services.pool());
    WindowsApi windows =
        new WindowsApi(
            services.pool(),
            services.windows(),
            services.windowStore(),
            services.roster(),
            services.classes(),
            services.engines(),
            services.changes(),
            services.names(),
            services.staffAudit(),
            progress);
    ApiContract contract = services.contract();

    HttpMeters http = services.metrics().http();
    router.route().handler(http.timing());
    router.route().handler(ClientAddress.resolver(services.trustedProxies()));
    router.route().handler(new SecurityHeaders(publicOrigin.https()));
    router.route("/api/*").handler(services.admission().tracker());

    route(router, http, HttpMethod.GET, "/health/live").handler(ctx -> ctx.response().end("ok"));
    route(router, http, HttpMethod.GET, "/health/ready").handler(services.readiness()::answer);
    route(router, http, HttpMethod.GET, "/metrics")
        .handler(
            new MetricsEndpoint(
                services.metrics(),
                services.tokens(),
                services.sessions(),
                services.management().metricsToken()));
    route(router, http, HttpMethod.GET, "/api/openapi.yaml").handler(contract.document());

    StudentLoginApi studentLogin =
        new StudentLoginApi(
            services.admission(),
            services.guard(),
            services.roster(),
            services.windows(),
            services.engines(),
            services.tokens(),
            services.questionnaires(),
            services.metrics(),
            services.clock());
    jsonRoute(router, http, HttpMethod.POST, "/api/student/login")
        .handler(body)
        .handler(contract.validator("studentLogin"))
        .handler(studentLogin::login);
    route(router, http, HttpMethod.GET, "/api/questionnaires/:battery/:hash/:locale")
        .handler(new QuestionnairesApi(services.questionnaires())::get);
    SubmitApi submit =
        new SubmitApi(
            services.windows(),
            services.roster(),
            services.engines(),
            services.writer(),
            new ConsentStore(),
            services.pool(),
            services.drafts(),
            services.unsubmitted(),
            services.relay(),
            services.metrics(),
            services.clock());
    jsonRoute(router, http, HttpMethod.POST, "/api/student/submit")
        .handler(body)
        .handler(student)
        .handler(contract.validator("studentSubmit"))
        .handler(submit::submit);

    DraftsApi drafts =
        new DraftsApi(
            services.drafts(),
            services.unsubmitted(),
            services.windows(),
            services.roster(),
            services.engines(),
            services.metrics(),
            services.clock());
    jsonRoute(router, http, HttpMethod.PUT, "/api/student/draft")
        .handler(body)
        .handler(student)
        .handler(contract.validator("saveDraft"))
        .handler(drafts::save);
    route(router, http, HttpMethod.GET, "/api/student/draft")
        .handler(student)
        .handler(drafts::load);

    StaffLoginApi staffLogin =
        new StaffLoginApi(
            vertx,
            new StaffAccountStore(),
            services.sessions(),
            services.tokens(),
            services.names(),
            services.audit(),
            services.pool(),
            services.metrics(),
            publicOrigin,
            services.clock(),
            secureCookies);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/login")
        .handler(body)
        .handler(contract.validator("staffLogin"))
        .handler(staffLogin::login);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/password")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("changeStaffPassword"))
        .handler(staffLogin::changePassword);
    route(router, http, HttpMethod.POST, "/api/staff/totp")
        .handler(body)
        .handler(staff)
        .handler(staffLogin::beginTotp);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/totp/confirm")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("confirmTotp"))
        .handler(staffLogin::confirmTotp);
    route(router, http, HttpMethod.GET, "/api/staff/me").handler(staff).handler(StaffLoginApi::me);
    route(router, http, HttpMethod.POST, "/api/staff/logout")
        .handler(staff)
        .handler(staffLogin::logout);
    AlertsApi alerts =
        new AlertsApi(
            services.alerts(),
            services.feed(),
            services.audit(),
            services.pool(),
            services.staffAudit(),
            services.clock());
    route(router, http, HttpMethod.GET, "/api/staff/alerts")
        .handler(staff)
        .handler(alerts::pending);
    route(router, http, HttpMethod.GET, "/api/staff/alerts/stream")
        .handler(staff)
        .handler(alerts::stream);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/alerts/received")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("alertsReceived"))
        .handler(alerts::received);
    route(router, http, HttpMethod.POST, "/api/staff/alerts/:id/ack")
        .handler(body)
        .handler(staff)
        .handler(alerts::acknowledge);
    route(router, http, HttpMethod.POST, "/api/staff/students/:id/unlock")
        .handler(body)
        .handler(staff)
        .handler(
            new UnlockApi(services.roster(), services.guard(), services.audit(), services.pool())
                ::unlock);
    route(router, http, HttpMethod.GET, "/api/staff/windows").handler(staff).handler(windows::list);
    route(router, http, HttpMethod.GET, "/api/staff/windows/:id/progress")
        .handler(staff)
        .handler(windows::progress);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/windows/:id/status")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("setWindowStatus"))
        .handler(windows::setStatus);
    SlipsApi slips =
        new SlipsApi(
            services.classes(),
            services.windows(),
            services.names(),
            services.audit(),
            services.pool(),
            services.publicUrl(),
            services.engines());
    route(router, http, HttpMethod.GET, "/api/staff/classes/:classId/slips")
        .handler(staff)
        .handler(slips::slips);

    // --- console: roster import and accounts
    // The upload's body is a file streamed to disk, not the 64 KiB JSON body: pause it before
    // StaffAuth so no chunk is lost while the session is checked.
    RosterImportApi rosterImports =
        new RosterImportApi(
            vertx,
            new RosterImportStore(
                services.store().dataSource(), services.names(), services.clock()),
            services.roster(),
            services.changes(),
            services.audit(),
            services.pool());
    route(router, http, HttpMethod.POST, "/api/staff/roster/imports")
        .handler(RosterImportApi::pause)
        .handler(staff)
        .handler(rosterImports::upload);
    route(router, http, HttpMethod.GET, "/api/staff/roster/imports")
        .handler(staff)
        .handler(rosterImports::list);
    route(router, http, HttpMethod.GET, "/api/staff/roster/imports/:id")
        .handler(staff)
        .handler(rosterImports::get);
    // --- console: windows, consent, grades 1-3 ratings
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/windows")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("createWindow"))
        .handler(windows::create);
    ConsentApi consents =
        new ConsentApi(
            new ConsentStore(),
            services.pool(),
            services.windows(),
            services.roster(),
            services.changes(),
            services.staffAudit(),
            services.clock());
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/students/:id/consent")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("recordConsent"))
        .handler(consents::record);
    route(router, http, HttpMethod.GET, "/api/staff/students/:id/consent")
        .handler(staff)
        .handler(consents::history);
    route(router, http, HttpMethod.GET, "/api/staff/windows/:id/consent-missing")
        .handler(staff)
        .handler(windows::consentMissing);
    route(router, http, HttpMethod.GET, "/api/staff/classes")
        .handler(staff)
        .handler(new ClassesApi(services.classes(), services.pool())::list);
    RatingsApi ratings =
        new RatingsApi(
            services.classes(),
            services.names(),
            services.roster(),
            services.windows(),
            services.windowStore(),
            services.engines(),
            services.questionnaires(),
            services.writer(),
            services.relay(),
            services.staffAudit(),
            services.pool(),
            services.metrics(),
            services.clock());
    route(router, http, HttpMethod.GET, "/api/staff/classes/:classId/ratings")
        .handler(staff)
        .handler(ratings::list);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/classes/:classId/ratings/:studentId")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("rateStudent"))
        .handler(ratings::rate);
    // --- console: live progress, tier lists, archive, follow-up ledger, audit log
    FollowupApi followups =
        new FollowupApi(
            new FollowupStore(services.names()),
            services.windows(),
            services.audit(),
            services.pool(),
            services.staffAudit(),
            services.clock());
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/students/:id/followups")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("recordFollowup"))
        .handler(followups::record);
    route(router, http, HttpMethod.GET, "/api/staff/followups")
        .handler(staff)
        .handler(followups::list);
    ArchiveApi archive =
        new ArchiveApi(
            new StudentArchiveQueries(services.names()),
            new FollowupStore(services.names()),
            services.engines().defaults().library(),
            services.pool(),
            services.staffAudit(),
            services.clock());
    route(router, http, HttpMethod.GET, "/api/staff/students/:id/archive")
        .handler(staff)
        .handler(archive::get);
    route(router, http, HttpMethod.GET, "/api/staff/audit")
        .handler(staff)
        .handler(new AuditApi(services.audit(), services.pool(), services.staffAudit())::list);
    ProgressApi progressTrees =
        new ProgressApi(progress, services.windows(), services.roster(), services.staffAudit());
    route(router, http, HttpMethod.GET, "/api/staff/windows/:id/progress/tree")
        .handler(staff)
        .handler(progressTrees::tree);
    route(router, http, HttpMethod.GET, "/api/staff/windows/:id/progress/stream")
        .handler(staff)
        .handler(progressTrees::stream);
    TierListsApi tierLists =
        new TierListsApi(
            new TierListQueries(services.names()),
            new OrgUnitQueries(),
            services.engines().defaults().library(),
            progress,
            services.windows(),
            services.roster(),
            services.audit(),
            services.pool(),
            services.staffAudit());
    route(router, http, HttpMethod.GET, "/api/staff/windows/:id/tiers")
        .handler(staff)
        .handler(tierLists::list);
    AlertStudentsApi alertStudents =
        new AlertStudentsApi(
            new OrgUnitQueries(), services.roster(), services.audit(), services.pool());
    route(router, http, HttpMethod.GET, "/api/staff/alerts/students")
        .handler(staff)
        .handler(alertStudents::list);
    // --- console: staff accounts (账号管理)
    AccountsApi accounts =
        new AccountsApi(
            vertx,
            services.pool(),
            new StaffAccountStore(),
            services.sessions(),
            services.staffAudit(),
            services.clock());
    route(router, http, HttpMethod.GET, "/api/staff/accounts")
        .handler(staff)
        .handler(accounts::list);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/accounts")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("createStaffAccount"))
        .handler(accounts::create);
    route(router, http, HttpMethod.POST, "/api/staff/accounts/:id/disable")
        .handler(body)
        .handler(staff)
        .handler(accounts::disable);
    route(router, http, HttpMethod.POST, "/api/staff/accounts/:id/enable")
        .handler(body)
        .handler(staff)
        .handler(accounts::enable);
    route(router, http, HttpMethod.POST, "/api/staff/accounts/:id/reset-password")
        .handler(body)
        .handler(staff)
        .handler(accounts::resetPassword);
    jsonRoute(router, http, HttpMethod.PUT, "/api/staff/accounts/:id/scope")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("changeStaffScope"))
        .handler(accounts::changeScope);
    // --- console: alert channels (where crisis alerts reach a phone)
    AlertChannelsApi channels =
        new AlertChannelsApi(
            services.alertChannels(),
            services.notifier(),
            services.audit(),
            services.pool(),
            services.staffAudit(),
            services.clock());
    route(router, http, HttpMethod.GET, "/api/staff/alert-channels")
        .handler(staff)
        .handler(channels::list);
    jsonRoute(router, http, HttpMethod.POST, "/api/staff/alert-channels")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("createAlertChannel"))
        .handler(channels::create);
    jsonRoute(router, http, HttpMethod.PUT, "/api/staff/alert-channels/:id")
        .handler(body)
        .handler(staff)
        .handler(contract.validator("updateAlertChannel"))
        .handler(channels::update);
    route(router, http, HttpMethod.DELETE, "/api/staff/alert-channels/:id")
        .handler(staff)
        .handler(channels::delete);
    route(router, http, HttpMethod.POST, "/api/staff/alert-channels/:id/test")
        .handler(body)
        .handler(staff)
        .handler(channels::test);
    // --- console: reports and exports
    ReportsApi reports =
        new ReportsApi(
            services.pool(),
            new Reports(services.windowStore(), services.engines().defaults().library()),
            services.windows(),
            services.roster(),
            services.staffAudit());
    route(router, http, HttpMethod.GET, "/api/staff/reports/units")
        .handler(staff)
        .handler(reports::units);
    route(router, http, HttpMethod.GET, "/api/staff/reports/:windowId")
        .handler(staff)
        .handler(reports::report);
    route(router, http, HttpMethod.GET, "/api/staff/reports/:windowId/export.csv")
        .handler(staff)
        .handler(reports::csv);
    route(router, http, HttpMethod.GET, "/api/staff/reports/:windowId/export.xlsx")
        .handler(staff)
        .handler(reports::xlsx);
    route(router, http, HttpMethod.GET, "/api/staff/reports/:windowId/print")
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

  /**
   * The route {@code method path}, its first handler labelling the request with {@code path} for
   * the HTTP meters: each path is written once.
   */
  private static Route route(Router router, HttpMeters http, HttpMethod method, String path) {
    return router.route(method, path).handler(http.route(path));
  }

  /** The same for a route that takes a JSON body. */
  private static Route jsonRoute(Router router, HttpMeters http, HttpMethod method, String path) {
    return router.route(method, path).consumes(JSON).handler(http.route(path));
  }
}
