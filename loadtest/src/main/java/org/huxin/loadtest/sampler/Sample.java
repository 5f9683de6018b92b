package org.huxin.loadtest.sampler;

import java.util.Map;

/**
 * One line of {@code samples.jsonl}, in the order and the number style the summary's fixtures hold:
 * {@code t_ms}, the machine's ticks (all, idle), the gateways' ticks, the load generator's pid and
 * ticks (null when none was found), how many nodes did not answer, then the node figures summed
 * over the nodes that did.
 */
record Sample(
    long tMs,
    long machineTicks,
    long machineIdleTicks,
    long gatewayTicks,
    Long generatorPid,
    Long generatorTicks,
    int missing,
    Map<NodeMetrics, Double> figures) {

  Sample {
    figures = Map.copyOf(figures);
  }

  String toJson() {
    StringBuilder json =
        new StringBuilder("{")
            .append("\"t_ms\": ")
            .append(tMs)
            .append(", \"machine_ticks\": ")
            .append(machineTicks)
            .append(", \"machine_idle_ticks\": ")
            .append(machineIdleTicks)
            .append(", \"gateway_ticks\": ")
            .append(gatewayTicks)
            .append(", \"generator_pid\": ")
            .append(generatorPid)
            .append(", \"generator_ticks\": ")
            .append(generatorTicks)
            .append(", \"missing\": ")
            .append(missing);
    for (NodeMetrics m : NodeMetrics.values()) {
      json.append(", ").append(figure(m, figures.get(m)));
    }
    return json.append('}').toString();
  }

  /** The node figures alone, as {@code --once} prints them. */
  static String figuresJson(Map<NodeMetrics, Double> figures) {
    StringBuilder json = new StringBuilder("{");
    for (NodeMetrics m : NodeMetrics.values()) {
      json.append(json.length() > 1 ? ", " : "").append(figure(m, figures.get(m)));
    }
    return json.append('}').toString();
  }

  private static String figure(NodeMetrics m, Double value) {
    return "\"" + m.key + "\": " + number(value == null ? 0.0 : value);
  }

  /**
   * A figure as Python's {@code json.dumps} writes a float, which the first sampler did: a whole
   * number keeps its {@code .0} and no exponent below 10^16 ({@code 986710016.0}, not {@code
   * 9.86710016E8}).
   */
  static String number(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == Math.rint(value) && Math.abs(value) < 1e16) {
      return (long) value + ".0";
    }
    return Double.toString(value);
  }
}
