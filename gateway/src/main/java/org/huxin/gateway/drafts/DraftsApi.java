package org.huxin.gateway.drafts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.huxin.engine.results.AnswerSheet;
import org.huxin.engine.results.AnswerSheetException;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.scoring.Answers;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.CrisisSignal;
import org.huxin.engine.scoring.ScaleLayout;
import org.huxin.engine.windows.Window;
import org.huxin.gateway.alerts.UnsubmittedCrises;
import org.huxin.gateway.auth.StudentAuth;
import org.huxin.gateway.auth.StudentPrincipal;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;
import org.huxin.gateway.metrics.GatewayMetrics;
import org.huxin.gateway.questionnaires.Engines;
import org.huxin.gateway.roster.RosterIndex;
import org.huxin.gateway.roster.WindowRegistry;

/**
 * A student's draft of answers in progress: saved with the page the student is on and a sequence
 * number, and returned so another device or node resumes on the same page. A draft is stored
 * compactly (a byte per item) and expires a day after its window closes.
 *
 * <p>A draft whose answers already put the student in tier 3 ({@link CompiledBattery#crisisSignal})
 * is recorded in PostgreSQL before the save is acknowledged, so a crisis answer that is never
 * submitted still reaches an adult ({@link UnsubmittedCrises}).
 */
public final class DraftsApi {
  /** How long after its window closes a draft is kept. */
  static final Duration GRACE = Duration.ofDays(1);

  private static final ApiException ALREADY_SUBMITTED =
      new ApiException(
          409, "already_submitted", "These answers were already submitted. Thank you!");

  private final DraftStore drafts;
  private final UnsubmittedCrises unsubmitted;
  private final WindowRegistry windows;
  private final RosterIndex roster;
  private final Engines engines;
  private final GatewayMetrics metrics;
  private final Clock clock;

  public DraftsApi(
      DraftStore drafts,
      UnsubmittedCrises unsubmitted,
      WindowRegistry windows,
      RosterIndex roster,
      Engines engines,
      GatewayMetrics metrics,
      Clock clock) {
    this.drafts = drafts;
    this.unsubmitted = unsubmitted;
    this.windows = windows;
    this.roster = roster;
    this.engines = engines;
    this.metrics = metrics;
    this.clock = clock;
  }

  /** How long a draft (or a submitted form's marker) of {@code window} is kept from {@code now}. */
  public static Duration ttl(Window window, Instant now) {
    return Duration.between(now, window.closesAt().plus(GRACE));
  }

  /** The key of a student's draft of one form in one window. */
  public static String key(StudentPrincipal p) {
    return p.windowId() + ":" + p.studentId() + ":" + p.form();
  }

  /** {@code PUT /api/student/draft}: saves the answers so far, the page and a sequence number. */
  public void save(RoutingContext ctx) {
    StudentPrincipal p = ctx.get(StudentAuth.PRINCIPAL);
    Instant now = clock.instant();
    Window window = openWindow(p, now);
    JsonObject body = RequestBodies.validated(ctx);
    long seq = wholeNumber(body, "seq", Integer.MAX_VALUE);
    int page = (int) wholeNumber(body, "page", 255);
    CompiledBattery battery = engines.forRuleSet(window.ruleSetId()).battery(p.batteryId());
    int[] flat = flat(battery, body.getValue("answers"));
    byte[] payload = payload(battery, page, flat);
    Duration ttl = ttl(window, now);
    CrisisSignal signal = battery.crisisSignal(flat);
    Future<Void> recorded = Future.succeededFuture();
    if (signal.crisis()) {
      RosterEntry student =
          roster
              .byId(p.studentId())
              .orElseThrow(() -> new ApiException(401, "token_invalid", "Please log in again."));
      metrics.draftCrisis();
      recorded = unsubmitted.record(ctx.vertx(), window, student, p.form(), battery, signal, now);
    }
    recorded
        .compose(
            v ->
                Future.fromCompletionStage(
                    drafts.save(key(p), seq, payload, ttl), ctx.vertx().getOrCreateContext()))
        .onFailure(
            e ->
                ctx.fail(
                    ApiException.unavailable(
                        "draft_unavailable", "Your answers are kept on this device; retrying.", 2)))
        .onSuccess(
            saved -> {
              if (saved.seq() == DraftStore.SUBMITTED) {
                ctx.fail(ALREADY_SUBMITTED);
                return;
              }
              if (saved.stored()) {
                metrics.draftSaved();
              }
              Responses.json(
                  ctx, new JsonObject().put("seq", saved.seq()).put("stale", !saved.stored()));
            });
  }

  /** {@code GET /api/student/draft}: the newest draft, to resume on the same page. */
  public void load(RoutingContext ctx) {
    StudentPrincipal p = ctx.get(StudentAuth.PRINCIPAL);
    Window window = openWindow(p, clock.instant());
    CompiledBattery battery = engines.forRuleSet(window.ruleSetId()).battery(p.batteryId());
    Future.fromCompletionStage(drafts.load(key(p)), ctx.vertx().getOrCreateContext())
        .onFailure(
            e ->
                ctx.fail(
                    ApiException.unavailable(
                        "draft_unavailable", "Drafts cannot be read just now; retrying.", 2)))
        .onSuccess(
            draft -> {
              if (draft.isEmpty()) {
                ctx.fail(new ApiException(404, "no_draft", "No saved answers yet."));
                return;
              }
              if (draft.get().submitted()) {
                ctx.fail(ALREADY_SUBMITTED);
                return;
              }
              byte[] payload = draft.get().payload();
              Responses.json(
                  ctx,
                  new JsonObject()
                      .put("seq", draft.get().seq())
                      .put("page", payload[0] & 0xFF)
                      .put("answers", answers(battery, payload)));
            });
  }

  private Window openWindow(StudentPrincipal p, Instant now) {
    return windows
        .find(p.windowId())
        .filter(w -> w.acceptsSubmitsAt(now))
        .orElseThrow(() -> new ApiException(403, "window_closed", "The screening is closed."));
  }

  /** The flat answers of the body's {@code answers} object; 422 for a shape it cannot read. */
  private static int[] flat(CompiledBattery battery, Object answersField) {
    if (!(answersField instanceof JsonObject answers)) {
      throw ApiException.badRequest(
          "missing_field", "Field 'answers' must be an object of lists by scale.");
    }
    try {
      return AnswerSheet.answers(battery, answers.getMap());
    } catch (AnswerSheetException e) {
      throw ApiException.unprocessable(e.getMessage(), where(e.scaleId(), e.itemNumber()));
    }
  }

  /**
   * One byte for the page, then one per item (254 for a refusal, 255 for a blank), checked against
   * the options.
   */
  private static byte[] payload(CompiledBattery battery, int page, int[] flat) {
    byte[] payload = new byte[1 + flat.length];
    payload[0] = (byte) page;
    for (ScaleLayout scale : battery.layout()) {
      for (int i = 0; i < scale.itemCount(); i++) {
        int v = flat[scale.offset() + i];
        if (v == Answers.REFUSED && battery.refusable(scale.offset() + i)) {
          payload[1 + scale.offset() + i] = (byte) Answers.COMPACT_REFUSED;
          continue;
        }
        if (v == Answers.REFUSED) {
          throw ApiException.unprocessable(
              "item "
                  + (i + 1)
                  + " of "
                  + scale.shortName()
                  + " does not offer \"I'd rather not answer\"",
              where(scale.scaleId(), i + 1));
        }
        if (v != Answers.MISSING && (v < scale.minValue() || v > scale.maxValue())) {
          throw ApiException.unprocessable(
              "answer "
                  + (i + 1)
                  + " of "
                  + scale.shortName()
                  + " is "
                  + v
                  + "; allowed "
                  + scale.minValue()
                  + "–"
                  + scale.maxValue(),
              where(scale.scaleId(), i + 1));
        }
        payload[1 + scale.offset() + i] =
            (byte) (v == Answers.MISSING ? Answers.COMPACT_MISSING : v);
      }
    }
    return payload;
  }

  private static JsonObject answers(CompiledBattery battery, byte[] payload) {
    JsonObject answers = new JsonObject();
    for (ScaleLayout scale : battery.layout()) {
      JsonArray values = new JsonArray();
      for (int i = 0; i < scale.itemCount(); i++) {
        int v = payload[1 + scale.offset() + i] & 0xFF;
        values.add(
            v == Answers.COMPACT_MISSING
                ? null
                : v == Answers.COMPACT_REFUSED ? AnswerSheet.REFUSED : (Object) v);
      }
      answers.put(scale.scaleId(), values);
    }
    return answers;
  }

  private static long wholeNumber(JsonObject body, String field, long max) {
    Object v = body.getValue(field);
    if (!(v instanceof Integer n) || n < 0 || n > max) {
      throw ApiException.badRequest(
          "bad_field", "Field '" + field + "' must be a whole number from 0 to " + max + ".");
    }
    return n;
  }

  private static JsonObject where(String scaleId, int item) {
    JsonObject where = new JsonObject().put("scale", scaleId);
    return item > 0 ? where.put("item", item) : where;
  }
}
