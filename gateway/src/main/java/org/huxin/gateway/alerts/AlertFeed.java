package org.huxin.gateway.alerts;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.huxin.engine.alerts.AlertEvent;
import org.huxin.engine.alerts.AlertSink;
import org.huxin.engine.store.Alert;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.http.EventStream;

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
            base(alert.id(), "acknowledged", alert.schoolId(), alert.districtId(), alert.level())
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
        base(e.alertId(), kind, e.schoolId(), e.districtId(), e.level())
            .put("windowId", e.windowId())
            .put("studentId", e.studentId())
            .put("createdAt", e.createdAt().toString());
    if (e.escalatedAt() != null) {
      json.put("escalatedAt", e.escalatedAt().toString());
    }
    return json;
  }

  static JsonObject pending(Alert a) {
    JsonObject json =
        base(a.id(), "pending", a.schoolId(), a.districtId(), a.level())
            .put("windowId", a.windowId())
            .put("studentId", a.studentId())
            .put("createdAt", a.createdAt().toString());
    if (a.escalatedAt() != null) {
      json.put("escalatedAt", a.escalatedAt().toString());
    }
    return json;
  }

  private static JsonObject base(long id, String kind, long school, long district, int level) {
    return new JsonObject()
        .put("alertId", id)
        .put("kind", kind)
        .put("schoolId", school)
        .put("districtId", district)
        .put("level", level);
  }

  /** One console's open SSE response. */
  static final class Stream {
    private final StaffPrincipal staff;
    private final HttpServerResponse response;
    private final Context context;
    // Touched only on this stream's event loop; bounded so a long-open console stays small.
    private final Set<String> seen =
        Collections.newSetFromMap(
            new LinkedHashMap<>() {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 10_000;
              }
            });

    Stream(StaffPrincipal staff, HttpServerResponse response, Context context) {
      this.staff = staff;
      this.response = response;
      this.context = context;
    }

    /** Whether this console's scope covers the event's school. */
    boolean sees(JsonObject event) {
      return org.huxin.gateway.staff.StaffScope.coversSchool(
          staff, event.getLong("districtId"), event.getLong("schoolId"));
    }

    /**
     * Writes the event unless this stream already had it (the relay delivers at least once, and a
     * pending alert sent on connect may also arrive live); runs on the stream's event loop.
     */
    void send(JsonObject event) {
      String kind = event.getString("kind");
      String key = event.getLong("alertId") + ":" + (kind.equals("pending") ? "delivery" : kind);
      if (!seen.add(key) || response.closed()) {
        return;
      }
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
