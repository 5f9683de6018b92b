package org.huxin.gateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The shipped Prometheus files ({@code gateway/deploy/prometheus}) pass Debian's {@code promtool}:
 * the scrape configuration and the rules check, and every rule's unit test in {@code
 * huxin-rules.test.yml} passes. Every rule has a test and a runbook entry in the gateway README. A
 * machine without promtool fails loudly ({@code .ci/run} installs the prometheus package).
 */
class PrometheusRulesTest {
  static final Path DIR = Paths.get(System.getProperty("basedir", "."), "deploy", "prometheus");
  private static final Path PROMTOOL = Paths.get("/usr/bin/promtool");
  private static final Pattern ALERT = Pattern.compile("(?m)^\\s*- alert: (\\w+)$");
  private static final Pattern TESTED = Pattern.compile("(?m)^\\s*alertname: (\\w+)$");

  @Test
  void promtool_checksTheConfigAndRules_andEveryRuleTestPasses() throws Exception {
    assertTrue(
        Files.isExecutable(PROMTOOL),
        "promtool is missing: apt-get install prometheus (Debian's package), as .ci/run does");
    run("check", "config", "prometheus.yml");
    run("check", "rules", "huxin-rules.yml");
    run("test", "rules", "huxin-rules.test.yml");
  }

  @Test
  void everyRule_hasAFiringTestAndARunbookEntry() throws IOException {
    List<String> rules = all(ALERT, Files.readString(DIR.resolve("huxin-rules.yml")));
    String tests = Files.readString(DIR.resolve("huxin-rules.test.yml"));
    String readme = Files.readString(DIR.resolve("../../README.md"));
    assertTrue(rules.size() >= 8, "rules: " + rules);
    for (String rule : rules) {
      assertTrue(all(TESTED, tests).contains(rule), rule + " has no unit test");
      assertTrue(
          tests.contains("runbook: \"gateway/README.md#" + rule.toLowerCase() + "\""),
          rule + " is never seen firing in the tests");
      assertTrue(
          readme.contains("#### " + rule + "\n"), rule + " has no entry in the README's runbook");
    }
  }

  private static List<String> all(Pattern pattern, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static void run(String... arguments) throws Exception {
    List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
    command.addAll(List.of(arguments));
    Process p =
        new ProcessBuilder(command).directory(DIR.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", command) + " did not finish");
    assertEquals(0, p.exitValue(), String.join(" ", command) + ":\n" + out);
  }
}
