package org.huxin.gateway.alerts;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import org.huxin.engine.alerts.CrisisDraftStore;
import org.huxin.engine.alerts.UnsubmittedCrisisSweep;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.CrisisSignal;
import org.huxin.engine.windows.Window;
import org.huxin.scales.CrisisLevel;

/**
 * Crisis answers in drafts: a draft save whose answers already put the student in tier 3 is {@link
 * #record}ed in PostgreSQL before the save is acknowledged, so that if no submit follows within
 * {@code HUXIN_UNSUBMITTED_CRISIS_MINUTES} (or before the window closes) the {@link
 * UnsubmittedCrisisSweep} raises an "unsubmitted crisis answer" alert through the same outbox.
 */
public final class UnsubmittedCrises {
  private final CrisisDraftStore drafts;
  private final Pool pool;
  private final Duration after;
  private final UnsubmittedCrisisSweep sweep;

  public UnsubmittedCrises(
      CrisisDraftStore drafts, Pool pool, Duration after, UnsubmittedCrisisSweep sweep) {
    this.drafts = drafts;
    this.pool = pool;
    this.after = after;
    this.sweep = sweep;
  }

  /**
   * Records {@code signal} (a crisis) for the draft of {@code form} of {@code student}, seen at
   * {@code now}; due {@code HUXIN_UNSUBMITTED_CRISIS_MINUTES} later, or at the window's close if
   * that is sooner. The future succeeds once the row is committed; it fails if PostgreSQL cannot
   * take it, so the save is not acknowledged and the page saves again. ({@code vertx} is no longer
   * used: the row goes through the reactive pool.)
   */
  public Future<Void> record(
      Vertx vertx,
      Window window,
      RosterEntry student,
      String form,
      CompiledBattery battery,
      CrisisSignal signal,
      Instant now) {
    Instant due = now.plus(after);
    if (window.closesAt().isBefore(due)) {
      due = window.closesAt();
    }
    CrisisDraftStore.Signal row =
        new CrisisDraftStore.Signal(
            window.id(),
            student.id(),
            form,
            student.districtId(),
            student.schoolId(),
            signal.level(),
            signal.ruleIds().toArray(String[]::new),
            battery.escalateAfter(signal.level()),
            now,
            due);
    boolean dueNow = !due.isAfter(now);
    return drafts
        .record(pool, row)
        .onSuccess(
            v -> {
              if (dueNow) {
                sweep.nudge();
              }
            });
  }

  /**
   * Records the crisis of a submit that is refused (its guardian withdrew consent) as due at once,
   * and sweeps now: the school gets an alert without a result and without the answers. Fails if
   * PostgreSQL cannot take it, so the submit is not answered and the page sends it again. ({@code
   * vertx} is no longer used.)
   */
  public Future<Void> raiseNow(Vertx vertx, ResultRow row, CrisisLevel level, Instant now) {
    CrisisDraftStore.Signal signal =
        new CrisisDraftStore.Signal(
            row.windowId(),
            row.studentId(),
            row.form(),
            row.districtId(),
            row.schoolId(),
            level,
            row.firedRules(),
            Duration.ofSeconds(Math.max(1, row.escalateAfterS())),
            now,
            now);
    return drafts.record(pool, signal).onSuccess(v -> sweep.nudge());
  }

  /** Sweeps now rather than at the end of the interval (tests that move the clock). */
  public void nudge() {
    sweep.nudge();
  }

  /** Stops the sweep on this node. */
  public void close() {
    sweep.close();
  }
}
