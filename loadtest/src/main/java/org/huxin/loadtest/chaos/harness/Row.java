package org.huxin.loadtest.chaos.harness;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scenario hands to the check, which turns it into the table's row: whether the steady-state
 * checks before and after held, and the scenario's own figures, limits and files as flags of {@code
 * ChaosCheck account} ({@code --detail k=v}, {@code --limit k=max}, ...). The scenario's acks and
 * driver reports ({@code <name>}, {@code <name>-before}, {@code <name>-after}) are always counted.
 */
public record Row(String scenario, boolean steadyBefore, boolean steadyAfter, List<String> flags) {

  public Row {
    flags = List.copyOf(flags);
  }

  public static Row of(String scenario, boolean steadyBefore, boolean steadyAfter) {
    return new Row(scenario, steadyBefore, steadyAfter, List.of());
  }

  /** A figure of the row's details. */
  public Row detail(String key, Object value) {
    return flag("detail", key + "=" + value);
  }

  /** A figure that may not exceed {@code max}. */
  public Row limit(String key, long max) {
    return flag("limit", key + "=" + max);
  }

  /** Any other flag of the check. */
  public Row flag(String name, Object value) {
    List<String> more = new ArrayList<>(flags);
    more.add("--" + name);
    more.add(String.valueOf(value));
    return new Row(scenario, steadyBefore, steadyAfter, more);
  }
}
