package org.huxin.loadtest.chaos.harness;

/**
 * The size of a fault run.
 *
 * @param per students per scenario
 * @param rate students a second in a scenario
 * @param pgDownS how long PostgreSQL stays stopped
 * @param relayDownS how long the alert relays cannot claim alerts
 * @param overloadS how long the overload offers twice the capacity
 * @param overloadMax the most students the overload may use
 */
public record RunSettings(
    int per, int rate, int pgDownS, int relayDownS, int overloadS, int overloadMax) {

  /** Students in each steady-state probe. */
  public static final int PROBE = 20;

  public static RunSettings of(boolean shortRun) {
    return shortRun
        ? new RunSettings(600, 60, 10, 20, 15, 3000)
        : new RunSettings(3000, 80, 30, 60, 60, 20000);
  }

  /** Students seeded: every scenario's slice, the probes, and the overload's warm-up rounds. */
  public int students() {
    return 6 * per + overloadMax + 14 * PROBE + 2300;
  }

  /** How long a scenario's students take to arrive, in whole seconds. */
  public int runSeconds() {
    return per / rate;
  }
}
