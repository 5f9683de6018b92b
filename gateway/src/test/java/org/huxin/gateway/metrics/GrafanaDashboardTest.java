package org.huxin.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;

/**
 * The shipped Grafana dashboard ({@code gateway/deploy/grafana/huxin-dashboard.json}) asks only for
 * metrics a live node serves: after a login and a submit, every metric its queries name is in the
 * node's {@code /metrics} (besides {@code up}, which Prometheus itself records), so a renamed meter
 * cannot leave a panel empty unseen. The same check covers the Prometheus rules.
 */
@DatabaseTest
class GrafanaDashboardTest {
  private static final Path DASHBOARD =
      Paths.get(System.getProperty("basedir", "."), "deploy", "grafana", "huxin-dashboard.json");

  /** PromQL's words that are not metrics. */
  private static final Set<String> WORDS =
      Set.of(
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "bool",
          "and",
          "or",
          "unless",
          "offset",
          "inf",
          "nan");

  private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

  @Test
  void everyQuery_namesMetricsALiveNodeServes() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(DASHBOARD));
    List<String> queries = new ArrayList<>();
    for (Object p : dashboard.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) p).getJsonArray("targets");
      assertTrue(targets != null && !targets.isEmpty(), "a panel without a query: " + p);
      targets.forEach(t -> queries.add(((JsonObject) t).getString("expr")));
    }
    assertTrue(queries.size() >= 10, "queries: " + queries);
    String rules = Files.readString(PrometheusRulesTest.DIR.resolve("huxin-rules.yml"));
    Matcher expr = Pattern.compile("(?m)^\\s*expr: (.+)$").matcher(rules);
    while (expr.find()) {
      queries.add(expr.group(1).equals(">") ? "" : expr.group(1));
    }
    // multi-line rule expressions
    Matcher folded = Pattern.compile("expr: >\\n((?:\\s{10}.*\\n)+)").matcher(rules);
    while (folded.find()) {
      queries.add(folded.group(1));
    }

    Set<String> served = served();
    Set<String> missing = new TreeSet<>();
    for (String query : queries) {
      for (String metric : metrics(query)) {
        if (!metric.equals("up") && !served.contains(metric)) {
          missing.add(metric + "  (in: " + query.trim() + ")");
        }
      }
    }
    assertEquals(Set.of(), missing, "metrics a live node does not serve");
  }

  @Test
  void ourMetrics_areInBaseUnits() {
    Pattern otherUnit =
        Pattern.compile(
            "_(ms|millis|milliseconds|us|micros|microseconds|ns|nanos|nanoseconds|minutes|hours"
                + "|kb|mb|gb|kilobytes|megabytes|gigabytes|percent)(_|$)");
    Set<String> wrong = new TreeSet<>();
    for (String name : served()) {
      if (name.startsWith("huxin_") && otherUnit.matcher(name).find()) {
        wrong.add(name);
      }
    }
    assertEquals(Set.of(), wrong, "Prometheus wants seconds and bytes (and ratios, not percent)");
  }

  @Test
  void metrics_findsTheMetricsOfAQuery_notItsFunctionsLabelsOrWords() {
    assertEquals(
        Set.of("huxin_a_bucket", "huxin_b"),
        metrics(
            "histogram_quantile(0.99, sum by (route, le)\n  (rate(huxin_a_bucket{route=~\"/x\"}[5m])))"
                + " > 1 and on (instance) max without (pool) (huxin_b) > bool 0.5"));
  }

  /** The metric names in {@code query}: labels, ranges, strings and functions left out. */
  static Set<String> metrics(String query) {
    String bare =
        query
            .replaceAll("\\s+", " ")
            .replaceAll("\"[^\"]*\"", "")
            .replaceAll("\\{[^}]*}", " ")
            .replaceAll("\\[[^]]*]", " ")
            .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ");
    Set<String> out = new TreeSet<>();
    Matcher m = NAME.matcher(bare);
    while (m.find()) {
      String word = m.group();
      int next = m.end();
      while (next < bare.length() && bare.charAt(next) == ' ') {
        next++;
      }
      boolean function = next < bare.length() && bare.charAt(next) == '(';
      if (!function && !WORDS.contains(word.toLowerCase()) && !word.matches("\\d.*")) {
        out.add(word);
      }
    }
    return out;
  }

  private static Set<String> served;

  /** The metric names of a node's {@code /metrics} after a student logged in and submitted. */
  private static synchronized Set<String> served() {
    if (served == null) {
      served = scrape();
    }
    return served;
  }

  private static Set<String> scrape() {
    try (GatewayFixture gw = GatewayFixture.start(GrafanaDashboardTest.class)) {
      gw.submitAnswers(gw.secondaryStudent(0), (scale, item) -> 0);
      String text = gw.http.get("/metrics").body();
      Set<String> names = new TreeSet<>();
      for (String line : text.split("\n")) {
        if (!line.isEmpty() && !line.startsWith("#")) {
          names.add(line.split("[{ ]", 2)[0]);
        }
      }
      return names;
    }
  }
}
