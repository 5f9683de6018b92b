package org.huxin.engine.alerts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * One pass's publishing, inside the claiming transaction: turns the claimed alerts into events,
 * publishes them all at once, waits up to the timeout for every answer, and returns the ids the
 * sink confirmed (only those get marked). Remembers the counts for the pass's result.
 */
final class BatchPublisher implements AlertOutboxStore.ClaimedAlerts {

  private final String who;
  private final AlertSink sink;
  private final Duration timeout;
  private final Function<Alert, AlertEvent> toEvent;
  private final AlertRelay.BeforeMark beforeMark;
  private final Logger log;
  private int claimed;
  private List<Long> unconfirmed = List.of();
  private Set<Long> confirmed = Set.of();

  BatchPublisher(
      String who,
      AlertSink sink,
      Duration timeout,
      Function<Alert, AlertEvent> toEvent,
      AlertRelay.BeforeMark beforeMark,
      Logger log) {
    this.who = who;
    this.sink = sink;
    this.timeout = timeout;
    this.toEvent = toEvent;
    this.beforeMark = beforeMark;
    this.log = log;
  }

  @Override
  public Collection<Long> publish(List<Alert> alerts) throws InterruptedException {
    claimed = alerts.size();
    List<AlertEvent> events = alerts.stream().map(toEvent).toList();
    List<CompletableFuture<Void>> answers = new ArrayList<>(events.size());
    for (AlertEvent event : events) {
      answers.add(publishOne(event));
    }
    try {
      CompletableFuture.allOf(answers.toArray(new CompletableFuture<?>[0]))
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException someFailedOrLate) {
      // Each answer is looked at below; a failed or late one leaves its alert unmarked.
    }
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
    if (!notOk.isEmpty()) {
      log.warn(
          "{}: the sink did not confirm {} of {} events (alerts {}); they are published again",
          who,
          notOk.size(),
          events.size(),
          notOk);
    }
    confirmed = Collections.unmodifiableSet(ok);
    beforeMark.confirmed(confirmed);
    return confirmed;
  }

  /** The alert ids the sink confirmed in this pass. */
  Set<Long> confirmed() {
    return confirmed;
  }

  OutboxLoop.PassResult result(int marked) {
    return new OutboxLoop.PassResult(claimed, marked, unconfirmed.size());
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
