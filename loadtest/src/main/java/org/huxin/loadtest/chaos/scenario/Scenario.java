package org.huxin.loadtest.chaos.scenario;

import org.huxin.loadtest.chaos.harness.ChaosContext;
import org.huxin.loadtest.chaos.harness.Row;

/** One fault, run between two steady-state checks. */
public interface Scenario {

  /** As {@code --scenarios} and the table name it. */
  String name();

  /** Runs the fault with its students; what the check needs to make the scenario's row. */
  Row run(ChaosContext context) throws Exception;
}
