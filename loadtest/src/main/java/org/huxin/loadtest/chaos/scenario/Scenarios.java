package org.huxin.loadtest.chaos.scenario;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every scenario, in the order a run without {@code --scenarios} takes them. */
public final class Scenarios {
  public static final List<Scenario> ALL =
      List.of(
          new KillGateway(),
          new StopPostgres(),
          new RelayDown(),
          new SlowDatabase(),
          new Overload(),
          new RelayNodeKilled());

  private Scenarios() {}

  public static Optional<Scenario> named(String name) {
    return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
  }

  /** Every name, comma-separated. */
  public static String names() {
    return ALL.stream().map(Scenario::name).collect(Collectors.joining(","));
  }
}
