package org.huxin.gateway.student;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.gateway.admission.AdmissionControl;
import org.huxin.gateway.admission.LoginGuard;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.StudentPrincipal;
import org.huxin.gateway.auth.Tokens;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.ClientAddress;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.questionnaires.QuestionnaireCatalog;
import org.huxin.gateway.questionnaires.RaterForms;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * The sign-in of a student (or a parent): school code, student number and access code in, a signed
 * token out. Costs one HMAC per window covering the student and no database call. A wrong school,
 * number or code all get the same 401, so the answer never tells which part was wrong; the
 * back-offs of {@link LoginGuard} answer 429 alike for a student who exists and one who does not.
 *
 * <p>Children of grades 1–3 do not answer for themselves: for them only the parent code is valid,
 * and it signs a parent in to the parent form of the band ({@link RaterForms}); the child's own
 * code is refused like any wrong code. A parent, like a student, cannot start without the
 * guardian's consent.
 */
public final class StudentLoginApi {
  private static final ApiException LOGIN_FAILED =
      new ApiException(
          401,
          "login_failed",
          "These details do not match. Check the school code, student number and access code with"
              + " your teacher.");
  private static final String STUDENT_WAIT =
      "The access code for this student was wrong several times.";
  private static final byte[] DECOY_SECRET = new byte[32];

  /**
   * Tokens outlive their window by this much, so a student who submits just after the close is told
   * the window closed rather than to log in again.
   */
  private static final Duration TOKEN_GRACE = Duration.ofDays(1);

  private final AdmissionControl admission;
  private final LoginGuard guard;
  private final RosterIndex roster;
  private final WindowRegistry windows;
  private final Engines engines;
  private final Tokens tokens;
  private final QuestionnaireCatalog questionnaires;
  private final GatewayMetrics metrics;
  private final Clock clock;
  private final LoginAnswers answers = new LoginAnswers();

  public StudentLoginApi(
      AdmissionControl admission,
      LoginGuard guard,
      RosterIndex roster,
      WindowRegistry windows,
      Engines engines,
      Tokens tokens,
      QuestionnaireCatalog questionnaires,
      GatewayMetrics metrics,
      Clock clock) {
    this.admission = admission;
    this.guard = guard;
    this.roster = roster;
    this.windows = windows;
    this.engines = engines;
    this.tokens = tokens;
    this.questionnaires = questionnaires;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** {@code POST /api/student/login}: a signed token and where the questionnaire is. */
  public void login(RoutingContext ctx) {
    JsonObject body = RequestBodies.validated(ctx);
    admit(body.getString("queueTicket"));
    String schoolCode = body.getString("schoolCode");
    String studentNo = body.getString("studentNo");
    String accessCode = body.getString("accessCode");
    String address = ClientAddress.limitKey(ClientAddress.of(ctx));
    long addressWait = guard.addressWaitFor(address);
    if (addressWait > 0) {
      throw tooMany("Many wrong codes came from this network just now.", addressWait);
    }

    Optional<RosterEntry> found = roster.byLogin(schoolCode, studentNo);
    if (found.isEmpty()) {
      // Spend the same HMAC as a real check so timing does not reveal whether the student exists.
      String who = LoginGuard.unknown(schoolCode, studentNo);
      long unknownWait = guard.studentWaitFor(who, address);
      if (unknownWait > 0) {
        throw tooMany(STUDENT_WAIT, unknownWait);
      }
      AccessCodes.matches(DECOY_SECRET, 0, 0, accessCode);
      refuse(ctx, who, address);
      return;
    }
    RosterEntry student = found.get();
    long studentWait = guard.studentWaitFor(LoginGuard.known(student.id()), address);
    if (studentWait > 0) {
      throw tooMany(STUDENT_WAIT, studentWait);
    }
    Match match = matchingWindow(student, accessCode);
    if (match == null) {
      refuse(ctx, LoginGuard.known(student.id()), address);
      return;
    }
    Window window = match.window();
    guard.succeeded(student.id(), address);
    Instant now = clock.instant();
    if (!window.acceptsSubmitsAt(now)) {
      metrics.loginRefused();
      throw now.isBefore(window.opensAt()) || window.status() == WindowStatus.DRAFT
          ? new ApiException(403, "window_not_open", "The screening has not started yet.")
          : new ApiException(403, "window_closed", "The screening is closed.");
    }
    if (!student.consent()) {
      metrics.loginRefused();
      throw new ApiException(
          403,
          "consent_missing",
          "We still need your parent's or guardian's consent. Please tell your teacher.");
    }
    String batteryId = match.batteryId();
    String token =
        tokens.issueStudent(
            new StudentPrincipal(
                student.id(),
                window.id(),
                match.form(),
                batteryId,
                window.closesAt().plus(TOKEN_GRACE)));
    metrics.loginSucceeded();
    Responses.encoded(
        ctx,
        answers.answer(
            token,
            window,
            match.form(),
            batteryId,
            student.grade(),
            questionnaires.pathOf(batteryId, "zh-CN")));
  }

  /** Who signs in to which window with which battery. */
  private record Match(Window window, String form, String batteryId) {}

  /**
   * The window whose code this is, with the form it opens: the student's own form, or for a child
   * whose band a teacher rates the parent form (then only the parent code matches). Null when the
   * code matches none of the windows covering the student.
   */
  private Match matchingWindow(RosterEntry student, String accessCode) {
    List<Window> covering = windows.covering(student);
    if (covering.isEmpty()) {
      AccessCodes.matches(DECOY_SECRET, 0, 0, accessCode);
      return null;
    }
    for (Window w : covering) {
      String batteryId = w.batteryFor(student.grade()).orElseThrow();
      ScoringEngine engine = engines.forRuleSet(w.ruleSetId());
      if (RaterForms.rated(engine, batteryId)) {
        Optional<String> parent = RaterForms.parentBattery(engine, batteryId);
        if (parent.isPresent()
            && AccessCodes.matchesParent(w.codeSecret(), w.id(), student.id(), accessCode)) {
          return new Match(w, RaterForms.PARENT, parent.get());
        }
      } else if (AccessCodes.matches(w.codeSecret(), w.id(), student.id(), accessCode)) {
        return new Match(w, RaterForms.SELF, batteryId);
      }
    }
    return null;
  }

  /**
   * Counts the failure, then answers 401. A wait it imposed is told on the next attempt, which is
   * then not compared with the code.
   */
  private void refuse(RoutingContext ctx, String who, String address) {
    Future.fromCompletionStage(guard.failed(who, address), ctx.vertx().getOrCreateContext())
        .onComplete(
            counted -> {
              metrics.loginFailed();
              ctx.fail(LOGIN_FAILED);
            });
  }

  /**
   * The 429 of an attempt that must wait {@code waitMillis} before its code is compared; the page
   * counts down and tries again by itself. Never longer than a minute.
   */
  private ApiException tooMany(String why, long waitMillis) {
    metrics.loginLocked();
    int seconds = (int) Math.max(1, (waitMillis + 999) / 1000);
    return new ApiException(
        429,
        "too_many_attempts",
        why + " Please wait " + seconds + " s; this page tries again by itself.",
        new JsonObject().put("retryAfter", seconds),
        seconds);
  }

  /** Lets the login through the waiting room, or counts it as queued and answers 503. */
  private void admit(String queueTicket) {
    try {
      admission.admitLogin(queueTicket);
    } catch (ApiException queued) {
      metrics.loginQueued();
      throw queued;
    }
  }
}
