package org.huxin.gateway.alerts;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.huxin.engine.alerts.AlertChannel;
import org.huxin.engine.alerts.AlertChannelChange;
import org.huxin.engine.alerts.AlertChannelStore;
import org.huxin.engine.alerts.AlertNotifier;
import org.huxin.engine.alerts.AlertNotifier.TestResult;
import org.huxin.engine.alerts.ChannelUrl;
import org.huxin.engine.alerts.NewAlertChannel;
import org.huxin.engine.audit.AuditEvent;
import org.huxin.engine.audit.AuditStore;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffAudit;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.ApiException;
import org.huxin.gateway.http.RequestBodies;
import org.huxin.gateway.http.Responses;

/**
 * Staff endpoints of the alert channels ({@code /api/staff/alert-channels}, {@code /:id}, {@code
 * /:id/test}): where a school's or a district's crisis alerts reach a phone (a WeCom or DingTalk
 * group robot, an SMS gateway), with each channel's health.
 *
 * <ul>
 *   <li>City admins manage every channel; a district admin their district's own and its schools'; a
 *       school psychologist may read their school's; head teachers and ops get 403.
 *   <li>A channel, school or district outside the caller's scope answers 404 as one that does not
 *       exist, and the attempt is audited with {@code ok = false}. Every change and test is
 *       audited, without the URL or the secret.
 *   <li>The URL (it carries the robot's key) and the secret are write-only: answers show the URL's
 *       scheme and host and whether a secret is set. Plain-http URLs are refused unless {@code
 *       HUXIN_ALERT_SINK_ALLOW_HTTP=true}.
 *   <li>A new channel belongs to a school or a district (by default a district admin's own).
 *       Deleting one hands its unsent messages to the channels that now stand in for it. A test
 *       sends a message at once and answers whether the channel took it.
 * </ul>
 */
public final class AlertChannelsApi {
  public static final String CREATE_ACTION = "create_alert_channel";
  public static final String UPDATE_ACTION = "update_alert_channel";
  public static final String DELETE_ACTION = "delete_alert_channel";
  public static final String TEST_ACTION = "test_alert_channel";

  private static final Set<StaffRole> READERS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN, StaffRole.SCHOOL_PSYCHOLOGIST);
  private static final Set<StaffRole> MANAGERS =
      Set.of(StaffRole.CITY_ADMIN, StaffRole.DISTRICT_ADMIN);

  private final AlertChannelStore channels;
  private final AlertNotifier notifier;
  private final AuditStore trail;
  private final Pool pool;
  private final StaffAudit audit;
  private final Clock clock;

  public AlertChannelsApi(
      AlertChannelStore channels,
      AlertNotifier notifier,
      AuditStore trail,
      Pool pool,
      StaffAudit audit,
      Clock clock) {
    this.channels = channels;
    this.notifier = notifier;
    this.trail = trail;
    this.pool = pool;
    this.audit = audit;
    this.clock = clock;
  }

  /** {@code GET /api/staff/alert-channels}: the channels in scope, with their health. */
  public void list(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, READERS, "Your role does not include the alert channels.");
    Long district = p.role() == StaffRole.DISTRICT_ADMIN ? p.districtId() : null;
    Long school = p.role() == StaffRole.SCHOOL_PSYCHOLOGIST ? p.schoolId() : null;
    channels
        .list(pool, district, school)
        .onFailure(ctx::fail)
        .onSuccess(
            found -> {
              JsonArray out = new JsonArray();
              found.forEach(c -> out.add(json(c)));
              Responses.json(
                  ctx,
                  new JsonObject().put("channels", out).put("manage", MANAGERS.contains(p.role())));
            });
  }

  /** {@code POST /api/staff/alert-channels}: a new channel of a school or a district. */
  public void create(RoutingContext ctx) {
    StaffPrincipal p = manager(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    Long schoolId = body.getLong("schoolId");
    Long districtId = body.getLong("districtId");
    if (schoolId == null && districtId == null) {
      if (p.role() != StaffRole.DISTRICT_ADMIN) {
        throw ApiException.badRequest(
            "bad_field", "Field 'districtId' or 'schoolId' is required: whose channel is it?");
      }
      districtId = p.districtId();
    }
    String url = body.getString("url");
    checkUrl(url);
    String subject = "alert_channel school=" + schoolId + " district=" + districtId;
    Long askedDistrict = districtId;
    districtOf(schoolId, askedDistrict)
        .compose(
            found -> {
              if (found.isEmpty() || !StaffScope.coversDistrict(p, found.get())) {
                return audit.<AlertChannel>refuse(
                    ctx, CREATE_ACTION, subject, schoolId == null ? "district." : "school.");
              }
              if (askedDistrict != null && !askedDistrict.equals(found.get())) {
                return Future.failedFuture(
                    ApiException.badRequest(
                        "bad_field",
                        "Field 'districtId': school " + schoolId + " is not in that district."));
              }
              NewAlertChannel channel = newChannel(body, found.get(), schoolId, url);
              return pool.withTransaction(
                  tx ->
                      channels
                          .create(tx, channel, p.accountId())
                          .compose(
                              created ->
                                  record(
                                          tx,
                                          p,
                                          CREATE_ACTION,
                                          created,
                                          "created "
                                              + created.kind().key()
                                              + " channel '"
                                              + created.name()
                                              + "'")
                                      .map(created)));
            })
        .onFailure(ctx::fail)
        .onSuccess(created -> Responses.json(ctx, 201, json(created)));
  }

  /** {@code PUT /api/staff/alert-channels/:id}: changes name, URL, secret, phones or on/off. */
  public void update(RoutingContext ctx) {
    StaffPrincipal p = manager(ctx);
    long id = id(ctx);
    JsonObject body = RequestBodies.validated(ctx);
    String url = body.getString("url");
    if (url != null) {
      checkUrl(url);
    }
    AlertChannelChange change =
        new AlertChannelChange(
            body.getString("name"),
            url,
            body.getString("secret"),
            recipients(body),
            body.getBoolean("enabled"));
    inScope(ctx, p, id, UPDATE_ACTION)
        .compose(
            before ->
                pool.withTransaction(
                    tx ->
                        channels
                            .update(tx, id, change, p.accountId())
                            .recover(AlertChannelsApi::badField)
                            .map(after -> after.orElseThrow(AlertChannelsApi::notFound))
                            .compose(
                                after ->
                                    record(
                                            tx,
                                            p,
                                            UPDATE_ACTION,
                                            after,
                                            changed(body, before, after))
                                        .map(after))))
        .onFailure(ctx::fail)
        .onSuccess(after -> Responses.json(ctx, json(after)));
  }

  /** {@code DELETE /api/staff/alert-channels/:id}: removes the channel. */
  public void delete(RoutingContext ctx) {
    StaffPrincipal p = manager(ctx);
    long id = id(ctx);
    inScope(ctx, p, id, DELETE_ACTION)
        .compose(
            channel ->
                pool.withTransaction(
                    tx ->
                        channels
                            .delete(tx, id)
                            .compose(
                                deleted ->
                                    deleted
                                        ? record(
                                            tx,
                                            p,
                                            DELETE_ACTION,
                                            channel,
                                            "deleted "
                                                + channel.kind().key()
                                                + " channel '"
                                                + channel.name()
                                                + "'")
                                        : Future.failedFuture(notFound()))))
        .onFailure(ctx::fail)
        .onSuccess(v -> Responses.json(ctx, new JsonObject().put("id", id).put("deleted", true)));
  }

  /**
   * {@code POST /api/staff/alert-channels/:id/test}: sends a test message now. The channel is read
   * for the send, the message goes out over HTTP, then the outcome on the channel (a good test
   * makes its failing messages due now) and the audit row commit together.
   */
  public void test(RoutingContext ctx) {
    StaffPrincipal p = manager(ctx);
    long id = id(ctx);
    inScope(ctx, p, id, TEST_ACTION)
        .compose(
            channel ->
                channels
                    .target(pool, id)
                    .compose(
                        target ->
                            target.isPresent()
                                ? Future.fromCompletionStage(
                                        notifier.sendTest(target.get()),
                                        ctx.vertx().getOrCreateContext())
                                    .transform(sent -> Future.succeededFuture(sent.cause()))
                                : Future.<Throwable>failedFuture(notFound()))
                    .compose(
                        failure -> {
                          TestResult result = notifier.tested(id, failure);
                          Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS);
                          return pool.withTransaction(
                                  tx ->
                                      channels
                                          .recordTest(tx, id, at, result.error())
                                          .compose(
                                              due ->
                                                  record(
                                                          tx,
                                                          p,
                                                          TEST_ACTION,
                                                          channel,
                                                          result.ok()
                                                              ? "test sent"
                                                              : "test failed: " + result.error())
                                                      .map(due)))
                              .map(
                                  due -> {
                                    if (due > 0) {
                                      notifier.nudge();
                                    }
                                    return result;
                                  });
                        }))
        .onFailure(ctx::fail)
        .onSuccess(
            result ->
                Responses.json(
                    ctx,
                    new JsonObject()
                        .put("id", id)
                        .put("ok", result.ok())
                        .put("error", result.error())
                        .put("testedAt", Instant.now(clock).toString())));
  }

  // ---------------------------------------------------------------------------------------------

  /** The channel when it exists and lies in the caller's scope; else audits and fails with 404. */
  private Future<AlertChannel> inScope(
      RoutingContext ctx, StaffPrincipal p, long id, String action) {
    return channels
        .find(pool, id)
        .compose(
            found ->
                found.isPresent() && StaffScope.coversDistrict(p, found.get().districtId())
                    ? Future.succeededFuture(found.get())
                    : audit.refuse(ctx, action, "alert_channel=" + id, "channel."));
  }

  /** The district of the school if given, else the district if it exists. */
  private Future<Optional<Long>> districtOf(Long schoolId, Long districtId) {
    if (schoolId != null) {
      return channels.districtOfSchool(pool, schoolId);
    }
    return channels
        .districtExists(pool, districtId)
        .map(exists -> exists ? Optional.of(districtId) : Optional.empty());
  }

  /** A change the channel's kind does not allow answers 400 with the field it names. */
  private static <T> Future<T> badField(Throwable e) {
    return Future.failedFuture(
        e instanceof IllegalArgumentException
            ? ApiException.badRequest("bad_field", "Field " + e.getMessage())
            : e);
  }

  private static NewAlertChannel newChannel(
      JsonObject body, long districtId, Long schoolId, String url) {
    try {
      return new NewAlertChannel(
          districtId,
          schoolId,
          AlertChannel.Kind.ofKey(body.getString("kind")),
          body.getString("name"),
          url,
          body.getString("secret"),
          recipients(body),
          body.getBoolean("enabled", true));
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_field", "Field " + e.getMessage());
    }
  }

  private void checkUrl(String url) {
    try {
      ChannelUrl.check(url, notifier.allowsHttp());
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest("bad_field", "Field 'url': " + e.getMessage() + ".");
    }
  }

  private static List<String> recipients(JsonObject body) {
    JsonArray list = body.getJsonArray("recipients");
    if (list == null) {
      return null;
    }
    List<String> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      out.add(list.getString(i));
    }
    return out;
  }

  /** What a change did, for the audit trail: field names, never the URL or the secret. */
  private static String changed(JsonObject body, AlertChannel before, AlertChannel after) {
    List<String> what = new ArrayList<>();
    if (!Objects.equals(before.name(), after.name())) {
      what.add("name '" + after.name() + "'");
    }
    if (body.containsKey("url")) {
      what.add("url (" + after.urlShown() + ")");
    }
    if (body.containsKey("secret")) {
      what.add(after.hasSecret() ? "secret replaced" : "secret cleared");
    }
    if (!before.recipients().equals(after.recipients())) {
      what.add("recipients (" + after.recipients().size() + ")");
    }
    if (before.enabled() != after.enabled()) {
      what.add(after.enabled() ? "enabled" : "disabled");
    }
    return what.isEmpty() ? "updated: nothing changed" : "updated: " + String.join(", ", what);
  }

  /** The audit row of a change or a test of {@code channel}, on {@code client}. */
  private Future<Void> record(
      SqlClient client, StaffPrincipal p, String action, AlertChannel channel, String detail) {
    return trail
        .record(
            client,
            new AuditEvent(
                p.accountId(),
                p.role().code(),
                action,
                null,
                "alert_channel="
                    + channel.id()
                    + " district="
                    + channel.districtId()
                    + (channel.schoolId() == null ? "" : " school=" + channel.schoolId()),
                detail,
                true))
        .mapEmpty();
  }

  private static JsonObject json(AlertChannel c) {
    JsonObject status =
        new JsonObject()
            .put("ok", !c.failing())
            .put("lastOkAt", text(c.lastOkAt()))
            .put("failingSince", text(c.failingSince()))
            .put("lastErrorAt", text(c.lastErrorAt()))
            .put("lastError", c.lastError())
            .put("failingNotifications", c.failingNotifications());
    return new JsonObject()
        .put("id", c.id())
        .put("districtId", c.districtId())
        .put("districtName", c.districtName())
        .put("schoolId", c.schoolId())
        .put("schoolName", c.schoolName())
        .put("kind", c.kind().key())
        .put("name", c.name())
        .put("url", c.urlShown())
        .put("hasSecret", c.hasSecret())
        .put("recipients", new JsonArray(c.recipients()))
        .put("enabled", c.enabled())
        .put("createdAt", text(c.createdAt()))
        .put("updatedAt", text(c.updatedAt()))
        .put("status", status);
  }

  private static String text(Instant at) {
    return at == null ? null : at.toString();
  }

  private static StaffPrincipal manager(RoutingContext ctx) {
    StaffPrincipal p = StaffScope.principal(ctx);
    StaffScope.requireRole(p, MANAGERS, "Only city and district admins manage alert channels.");
    return p;
  }

  private static long id(RoutingContext ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw notFound();
    }
  }

  private static ApiException notFound() {
    return new ApiException(404, "not_found", "No such channel.");
  }
}
