package org.huxin.gateway.roster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells every gateway node that the windows or the roster changed, so that each re-reads them. The
 * node that made the change reloads before it answers (its caller sees the change at once), then
 * publishes on the event bus, which is clustered when the node is: the other nodes reload within
 * one round trip of the bus. Changes made outside the gateways (the retention command archiving a
 * window, an operator's SQL) reach no bus, so every node also re-reads the windows, a small table,
 * on a timer.
 */
public final class ChangeNotices {
  /** Event-bus address; the body is {@code "windows"} or {@code "roster"}. */
  public static final String ADDRESS = "huxin.changes";

  private static final Logger LOG = LoggerFactory.getLogger(ChangeNotices.class);
  private static final String WINDOWS = "windows";
  private static final String ROSTER = "roster";

  private final Vertx vertx;
  private final WindowRegistry windows;
  private final RosterIndex roster;
  private MessageConsumer<String> consumer;
  private long refreshTimer = -1;

  public ChangeNotices(Vertx vertx, WindowRegistry windows, RosterIndex roster) {
    this.vertx = vertx;
    this.windows = windows;
    this.roster = roster;
  }

  /** Starts listening for other nodes' changes, and re-reads the windows every {@code refresh}. */
  public void start(Duration refresh) {
    consumer = vertx.eventBus().consumer(ADDRESS, m -> reload(m.body()));
    refreshTimer = vertx.setPeriodic(refresh.toMillis(), id -> reload(WINDOWS));
  }

  public void stop() {
    if (refreshTimer >= 0) {
      vertx.cancelTimer(refreshTimer);
    }
    if (consumer != null) {
      consumer.unregister();
    }
  }

  /** Reloads this node's windows, then tells the other nodes; completes after the local reload. */
  public Future<Void> windowsChanged() {
    return changed(WINDOWS);
  }

  /** Reloads this node's roster, then tells the other nodes; completes after the local reload. */
  public Future<Void> rosterChanged() {
    return changed(ROSTER);
  }

  private Future<Void> changed(String what) {
    return reload(what).onSuccess(v -> vertx.eventBus().publish(ADDRESS, what));
  }

  private Future<Void> reload(String what) {
    Future<Void> reloaded =
        switch (what) {
          case WINDOWS -> windows.reload();
          case ROSTER ->
              vertx.executeBlocking(
                  () -> {
                    roster.reload();
                    return null;
                  },
                  false);
          default ->
              Future.failedFuture(new IllegalArgumentException("unknown change notice " + what));
        };
    return reloaded.onFailure(e -> LOG.error("reloading the {} after a change failed", what, e));
  }
}
