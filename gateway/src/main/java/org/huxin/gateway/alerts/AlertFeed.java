package org.huxin.gateway.alerts;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertDeduplicator;
import org.huxin.engine.alerts.AlertEvent;
import org.huxin.engine.alerts.AlertEvent.Kind;
import org.huxin.engine.alerts.AlertSink;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.gateway.http.EventStream;
import org.huxin.scales.CrisisLevel;

/**
 * This node's side of the crisis feed: the {@link AlertSink} the relay publishes to (the clustered
 * event bus), the one consumer that hears every node's alerts, and the open SSE streams it forwards
 * them to.
 */
public final class AlertFeed {
  /** Event-bus address of alert events (delivery, escalation, acknowledgement). */
  public static final String ADDRESS = "huxin.alerts";

  private final Vertx vertx;
  private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
  private MessageConsumer<JsonObject> consumer;

  public AlertFeed(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Starts hearing alerts from every node. */
  public void start() {
    consumer = vertx.eventBus().consumer(ADDRESS, m -> dispatch(m.body()));
  }

  public void stop() {
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** The sink for the engine's relay and escalator: a publish on the clustered event bus. */
  public AlertSink sink() {
    return event -> {
      vertx.eventBus().publish(ADDRESS, json(event));
      CompletionStage<Void> done = CompletableFuture.completedFuture(null);
      return done;
    };
  }

  /** Tells every console that {@code alert} was acknowledged. */
  public void acknowledged(Alert alert, long staffId, Instant at) {
    vertx
        .eventBus()
        .publish(
            ADDRESS,
            base(
                    alert.id(),
                    "acknowledged",
                    alert.schoolId(),
                    alert.districtId(),
                    alert.crisisLevel())
                .put("windowId", alert.windowId())
                .put("studentId", alert.studentId())
                .put("acknowledgedBy", staffId)
                .put("acknowledgedAt", at.toString()));
  }

  /** Opens a stream for {@code staff} on {@code events}; the caller writes pending alerts. */
  Stream open(StaffPrincipal staff, EventStream events, Context context) {
    Stream s = new Stream(staff, events.response(), context);
    streams.add(s);
    events.onClose(() -> streams.remove(s));
    return s;
  }

  /** How many consoles' streams this node holds open. */
  public int openStreams() {
    return streams.size();
  }

  private void dispatch(JsonObject event) {
    for (Stream s : streams) {
      if (s.sees(event)) {
        s.context.runOnContext(v -> s.send(event));
      }
    }
  }

  static JsonObject json(AlertEvent e) {
    String kind = e.kind() == AlertEvent.Kind.ESCALATION ? "escalation" : "delivery";
    JsonObject json =
        base(e.alertId(), kind, e.schoolId(), e.districtId(), e.crisisLevel())
            .put("windowId", e.windowId())
            .put("studentId", e.studentId())
            .put("form", e.form())
            .put("source", e.source().key())
            .put("createdAt", e.createdAt().toString())
            .put("escalateDueAt", e.escalateDueAt().toString());
    if (e.escalatedAt() != null) {
      json.put("escalatedAt", e.escalatedAt().toString());
    }
    return json;
  }

  /** A pending alert as the list and the stream's first events show it. */
  static JsonObject pending(Alert a, boolean received) {
    JsonObject json =
        base(a.id(), "pending", a.schoolId(), a.districtId(), a.crisisLevel())
            .put("windowId", a.windowId())
            .put("studentId", a.studentId())
            .put("form", a.form())
            .put("source", a.source().key())
            .put("createdAt", a.createdAt().toString())
            .put("escalateDueAt", a.escalateDueAt().toString())
            .put("received", received);
    if (a.escalatedAt() != null) {
      json.put("escalatedAt", a.escalatedAt().toString());
    }
    return json;
  }

  /**
   * The fields every event carries. {@code level} is the tier (always 3, 危机) and {@code
   * crisisLevel} its level within it: {@code general} 一般, {@code serious} 严重, {@code major} 重大.
   */
  private static JsonObject base(
      long id, String kind, long school, long district, CrisisLevel crisisLevel) {
    return new JsonObject()
        .put("alertId", id)
        .put("kind", kind)
        .put("schoolId", school)
        .put("districtId", district)
        .put("level", 3)
        .put("crisisLevel", crisisLevel.key());
  }

  /** One console's open SSE response. */
  static final class Stream {
    private final StaffPrincipal staff;
    private final HttpServerResponse response;
    private final Context context;
    // Bounded, so a long-open console stays small.
    private final AlertDeduplicator seen = new AlertDeduplicator(10_000);

    Stream(StaffPrincipal staff, HttpServerResponse response, Context context) {
      this.staff = staff;
      this.response = response;
      this.context = context;
    }

    /** Whether this console's scope covers the event's school; ids compare by value. */
    boolean sees(JsonObject event) {
      return StaffScope.coversSchool(staff, event.getLong("districtId"), event.getLong("schoolId"));
    }

    /**
     * Writes the event unless this stream already had it (the relay delivers at least once, and a
     * pending alert sent on connect may also arrive live); runs on the stream's event loop.
     */
    void send(JsonObject event) {
      long alertId = event.getLong("alertId");
      boolean escalation = "escalation".equals(event.getString("kind"));
      if (!seen.firstSeen(alertId, escalation ? Kind.ESCALATION : Kind.DELIVERY)
          || response.closed()) {
        return;
      }
      String key = alertId + ":" + (escalation ? "escalation" : "delivery");
      response.write(
          "id: "
              + key
              + "\nevent: "
              + event.getString("kind")
              + "\ndata: "
              + event.encode()
              + "\n\n");
    }
  }
}
