package org.huxin.loadtest.chaos.harness;

/**
 * The run cannot go on (a process never became ready, the seeding failed): the processes are
 * stopped and the run exits 1 without a table, as the shell version did under {@code set -e}.
 */
public final class RunStopped extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunStopped(String message) {
    super(message);
  }
}
