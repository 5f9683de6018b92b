package org.huxin.loadtest.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.huxin.loadtest.summary.RehearsalSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample line against the summary's fixture (written in the first sampler's format): the same
 * keys, order and number style, byte for byte, and the same summary from lines this sampler wrote.
 */
class SampleTest {
  private static final String FIXTURE = "/org/huxin/loadtest/summary/full/";

  @TempDir Path out;

  private static String resource(String name) throws IOException {
    try (InputStream in = SampleTest.class.getResourceAsStream(FIXTURE + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static Map<NodeMetrics, Double> figures(JsonObject json) {
    Map<NodeMetrics, Double> f = new EnumMap<>(NodeMetrics.class);
    for (NodeMetrics m : NodeMetrics.values()) {
      f.put(m, json.getDouble(m.key));
    }
    return f;
  }

  private static Sample sample(JsonObject j) {
    return new Sample(
        j.getLong("t_ms"),
        j.getLong("machine_ticks"),
        j.getLong("machine_idle_ticks"),
        j.getLong("gateway_ticks"),
        j.getLong("generator_pid"),
        j.getLong("generator_ticks"),
        j.getInteger("missing"),
        figures(j));
  }

  @Test
  void toJson_fixtureLines_writtenAgainByteForByte() throws IOException {
    List<String> lines = resource("samples.jsonl").lines().toList();
    assertFalse(lines.isEmpty());

    for (String line : lines) {
      assertEquals(line, sample(new JsonObject(line)).toJson());
    }
  }

  @Test
  void figuresJson_heapSnapshots_writtenAgainByteForByte() throws IOException {
    for (String name : List.of("heap-before.json", "heap-hold.json")) {
      String line = resource(name).strip();

      assertEquals(line, Sample.figuresJson(figures(new JsonObject(line))), name);
    }
  }

  @Test
  void toJson_readBySummary_sameFiguresAsTheFixture() throws IOException {
    List<String> names =
        List.of(
            "requests.json",
            "gatling.log",
            "seed.log",
            "check.log",
            "heap-before.json",
            "heap-hold.json");
    Path fixture = Files.createDirectories(out.resolve("fixture"));
    Path rewritten = Files.createDirectories(out.resolve("rewritten"));
    for (String name : names) {
      Files.writeString(fixture.resolve(name), resource(name));
      Files.writeString(rewritten.resolve(name), resource(name));
    }
    Files.writeString(fixture.resolve("samples.jsonl"), resource("samples.jsonl"));
    StringBuilder lines = new StringBuilder();
    for (String line : resource("samples.jsonl").lines().toList()) {
      lines.append(sample(new JsonObject(line)).toJson()).append('\n');
    }
    Files.writeString(rewritten.resolve("samples.jsonl"), lines);
    Map<String, String> params =
        Map.of(
            "students", "20",
            "scenario", "full",
            "mode", "all-first",
            "nodes", "2",
            "rate", "10",
            "hz", "100",
            "date", "2026-12-07T10:00Z");

    JsonObject expected = RehearsalSummary.summarize(fixture, params);
    JsonObject actual = RehearsalSummary.summarize(rewritten, params);

    assertTrue(expected.containsKey("cpu"), expected.encodePrettily());
    assertEquals(expected, actual);
  }

  @Test
  void number_wholeFiguresKeepTheirPointAndNoExponent() {
    assertEquals("986710016.0", Sample.number(986710016.0));
    assertEquals("0.0", Sample.number(0.0));
    assertEquals("1.5", Sample.number(1.5));
    assertEquals("1.0E16", Sample.number(1e16));
  }

  @Test
  void toJson_noGenerator_writesNulls() {
    Map<NodeMetrics, Double> zero = new EnumMap<>(NodeMetrics.class);
    for (NodeMetrics m : NodeMetrics.values()) {
      zero.put(m, 0.0);
    }

    String line = new Sample(1, 2, 3, 4, null, null, 2, zero).toJson();

    assertEquals(
        "{\"t_ms\": 1, \"machine_ticks\": 2, \"machine_idle_ticks\": 3, \"gateway_ticks\": 4,"
            + " \"generator_pid\": null, \"generator_ticks\": null, \"missing\": 2,"
            + " \"heap_used\": 0.0, \"heap_committed\": 0.0, \"drafts_held\": 0.0,"
            + " \"rows_inserted\": 0.0, \"in_flight\": 0.0}",
        line);
  }
}
