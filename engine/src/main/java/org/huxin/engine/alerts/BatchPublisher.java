package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * One pass's publishing, inside the claiming transaction: turns the claimed alerts into events,
 * publishes them all at once, and completes, when every answer is in or the timeout (a Vert.x
 * timer) has passed, with the ids the sink confirmed (only those get marked). No thread waits.
 * Remembers the counts for the pass's result.
 */
final class BatchPublisher implements AlertOutboxStore.ClaimedAlerts {

  private final Vertx vertx;
  private final String who;
  private final AlertSink sink;
  private final Duration timeout;
  private final Function<Alert, AlertEvent> toEvent;
  private final AlertRelay.BeforeMark beforeMark;
  private final Logger log;
  private volatile int claimed;
  private volatile List<Long> unconfirmed = List.of();
  private volatile Set<Long> confirmed = Set.of();
  private volatile Set<Long> confirmedResults = Set.of();

  BatchPublisher(
      Vertx vertx,
      String who,
      AlertSink sink,
      Duration timeout,
      Function<Alert, AlertEvent> toEvent,
      AlertRelay.BeforeMark beforeMark,
      Logger log) {
    this.vertx = vertx;
    this.who = who;
    this.sink = sink;
    this.timeout = timeout;
    this.toEvent = toEvent;
    this.beforeMark = beforeMark;
    this.log = log;
  }

  @Override
  public Future<Collection<Long>> publish(List<Alert> alerts) {
    claimed = alerts.size();
    List<AlertEvent> events = alerts.stream().map(toEvent).toList();
    List<CompletableFuture<Void>> answers = new ArrayList<>(events.size());
    Promise<Void> allIn = Promise.promise();
    AtomicInteger outstanding = new AtomicInteger(events.size());
    for (AlertEvent event : events) {
      CompletableFuture<Void> answer = publishOne(event);
      answers.add(answer);
      answer.whenComplete(
          (ignored, failure) -> {
            if (outstanding.decrementAndGet() == 0) {
              allIn.tryComplete();
            }
          });
    }
    long timer = vertx.setTimer(Math.max(1, timeout.toMillis()), late -> allIn.tryComplete());
    return allIn
        .future()
        .compose(
            v -> {
              vertx.cancelTimer(timer);
              Set<Long> ok = settle(events, answers);
              return beforeMark.confirmed(ok).map(done -> (Collection<Long>) ok);
            });
  }

  /** Sorts the events into confirmed (returned) and not, as their answers stand now. */
  private Set<Long> settle(List<AlertEvent> events, List<CompletableFuture<Void>> answers) {
    Set<Long> ok = new LinkedHashSet<>();
    List<Long> notOk = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      CompletableFuture<Void> answer = answers.get(i);
      long alertId = events.get(i).alertId();
      if (answer.isDone() && !answer.isCompletedExceptionally()) {
        ok.add(alertId);
      } else {
        notOk.add(alertId);
      }
    }
    unconfirmed = List.copyOf(notOk);
    Set<Long> results = new LinkedHashSet<>();
    for (AlertEvent event : events) {
      if (event.resultId() != null && ok.contains(event.alertId())) {
        results.add(event.resultId());
      }
    }
    confirmedResults = Collections.unmodifiableSet(results);
    if (!notOk.isEmpty()) {
      log.warn(
          "{}: the sink did not confirm {} of {} events (alerts {}); they are published again",
          who,
          notOk.size(),
          events.size(),
          notOk);
    }
    confirmed = Collections.unmodifiableSet(ok);
    return confirmed;
  }

  /** The alert ids the sink confirmed in this pass. */
  Set<Long> confirmed() {
    return confirmed;
  }

  OutboxLoop.PassResult result(int marked) {
    return new OutboxLoop.PassResult(claimed, marked, unconfirmed.size());
  }

  /**
   * As {@link #result}, for a relay pass that committed: it covers the crisis results whose alerts
   * the sink confirmed (marked now, or by another relay meanwhile), the keys of {@link
   * AlertRelay#nudge(long)}.
   */
  OutboxLoop.PassResult relayed(int marked) {
    return new OutboxLoop.PassResult(claimed, marked, unconfirmed.size(), confirmedResults);
  }

  private CompletableFuture<Void> publishOne(AlertEvent event) {
    CompletableFuture<Void> answer = new CompletableFuture<>();
    try {
      CompletionStage<Void> stage = sink.publish(event);
      if (stage == null) {
        answer.completeExceptionally(new IllegalStateException("the sink returned no stage"));
      } else {
        stage.whenComplete(
            (ignored, failure) -> {
              if (failure == null) {
                answer.complete(null);
              } else {
                answer.completeExceptionally(failure);
              }
            });
      }
    } catch (RuntimeException e) {
      answer.completeExceptionally(e);
    }
    return answer;
  }
}
