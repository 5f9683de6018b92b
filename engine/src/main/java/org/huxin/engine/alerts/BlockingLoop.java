package org.huxin.engine.alerts;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;

/**
 * The thread behind the {@link AlertNotifier} and the {@link UnsubmittedCrisisSweep}, whose passes
 * block (JDBC, HTTP): runs a pass, waits the poll interval (or not at all after a full batch, or a
 * doubling backoff after a failure), and starts early when nudged. A failing pass is logged with
 * its message (ids and SQLSTATEs, never names or answers) and retried; only {@link #close()} ends
 * the loop. The relay and the escalator run on {@link OutboxLoop} instead, with no thread.
 */
final class BlockingLoop implements AutoCloseable {

  /** One pass of blocking work. */
  @FunctionalInterface
  interface Pass {
    OutboxLoop.PassResult run() throws InterruptedException;
  }

  private final String name;
  private final PollConfig config;
  private final Pass pass;
  private final Logger log;
  private final BlockingQueue<Boolean> wakeups = new ArrayBlockingQueue<>(1);
  private final Thread thread;
  private volatile boolean closed;

  // Written by the loop thread only, read by anyone.
  private volatile long passes;
  private volatile long published;
  private volatile long publishFailures;
  private volatile long failedPasses;

  BlockingLoop(String name, PollConfig config, Pass pass, Logger log) {
    this.name = name;
    this.config = config;
    this.pass = pass;
    this.log = log;
    this.thread = new Thread(this::run, name);
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  /**
   * Starts the next pass now if the loop is waiting; nudges while a pass runs coalesce into one.
   */
  void nudge() {
    wakeups.offer(Boolean.TRUE);
  }

  PollStats stats() {
    return new PollStats(passes, published, publishFailures, failedPasses);
  }

  /**
   * Stops the loop: a pass waiting on the sink is interrupted and rolled back, leaving its alerts
   * to be published again. Waits for the thread up to the claim's hold limit.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    thread.interrupt();
    try {
      thread.join(config.holdLimit().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      log.warn(
          "{} did not stop within {} ms; its open transaction will be rolled back",
          name,
          config.holdLimit().toMillis());
    }
  }

  private void run() {
    int failuresInARow = 0;
    while (!closed) {
      long waitNanos;
      try {
        OutboxLoop.PassResult result = pass.run();
        passes++;
        published += result.marked();
        publishFailures += result.unconfirmed();
        if (result.unconfirmed() > 0) {
          failuresInARow++;
          waitNanos = backoffNanos(failuresInARow);
        } else {
          failuresInARow = 0;
          waitNanos = result.claimed() >= config.batchSize() ? 0 : config.pollInterval().toNanos();
        }
      } catch (InterruptedException e) {
        if (closed) {
          return;
        }
        waitNanos = 0;
      } catch (RuntimeException e) {
        if (closed) {
          return;
        }
        failedPasses++;
        failuresInARow++;
        waitNanos = backoffNanos(failuresInARow);
        if (failuresInARow == 1) {
          log.warn("{}: pass failed, retrying in {} ms", name, millis(waitNanos), e);
        } else {
          log.warn(
              "{}: pass failed {} times in a row, retrying in {} ms: {}",
              name,
              failuresInARow,
              millis(waitNanos),
              e.toString());
        }
      }
      try {
        wakeups.poll(waitNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        // Only close() interrupts the loop on purpose; the while condition decides.
      }
    }
  }

  private long backoffNanos(int failuresInARow) {
    long max = config.maxBackoff().toNanos();
    long wait = Math.min(config.pollInterval().toNanos(), max);
    for (int i = 1; i < failuresInARow && wait < max; i++) {
      wait = wait > max / 2 ? max : wait * 2;
    }
    return wait;
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }
}
