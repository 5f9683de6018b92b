package org.huxin.loadtest.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RehearsalSummaryTest {

  /** The fixture run: 20 students, all first, on 2 nodes, every figure set by hand. */
  private static final List<String> FIXTURE =
      List.of(
          "requests.json",
          "gatling.log",
          "samples.jsonl",
          "seed.log",
          "check.log",
          "heap-before.json",
          "heap-hold.json");

  @TempDir Path out;

  private final Map<String, String> params = new HashMap<>();

  @BeforeEach
  void copyFixture() throws IOException {
    for (String name : FIXTURE) {
      try (InputStream in = getClass().getResourceAsStream("full/" + name)) {
        Files.copy(in, out.resolve(name));
      }
    }
    params.putAll(
        Map.of(
            "students", "20",
            "scenario", "full",
            "mode", "all-first",
            "nodes", "2",
            "rate", "10",
            "hz", "100",
            "gatling_rc", "0",
            "gateway_opts", "-Xmx1g",
            "gatling_heap", "-Xmx1g",
            "wall_s", "60"));
    params.put("date", "2026-12-07T10:00Z");
  }

  private JsonObject summary() throws IOException {
    return RehearsalSummary.summarize(out, params);
  }

  private void replaceIn(String file, String from, String to) throws IOException {
    String text = Files.readString(out.resolve(file));
    assertTrue(text.contains(from), file + " holds " + from);
    Files.writeString(out.resolve(file), text.replace(from, to));
  }

  @Test
  void summarize_fullRun_passesWithTheRecordedFigures() throws IOException {
    JsonObject s = summary();

    assertTrue(s.getBoolean("passed"), s.encodePrettily());
    assertEquals(new JsonArray(), s.getJsonArray("failures"));
    assertEquals("all-first", s.getString("mode"));
    assertEquals(10.0, s.getDouble("duration_s"));
    assertEquals(20 + 4 + 20 + 20 + 20, s.getLong("requests"));
    assertEquals(0, s.getLong("failed"));
    assertEquals(4, s.getLong("queued"));
    // The worst of the student kinds: submit's p50, draft's p95, login's p99, the queued max.
    assertEquals(30, s.getLong("p50_ms"));
    assertEquals(50, s.getLong("p95_ms"));
    assertEquals(90, s.getLong("p99_ms"));
    assertEquals(120, s.getLong("max_ms"));
    assertEquals(5.0, s.getDouble("logins_per_s")); // 20 questionnaires in the 4 s login phase
    assertEquals(20, s.getLong("peak_in_progress")); // the sample with a node missing is ignored
    assertEquals(20, s.getLong("client_peak_in_progress"));
    assertEquals(20, s.getLong("results_in_db"));
    assertEquals(
        new JsonObject().put("routine", 12L).put("key", 4L).put("close", 3L).put("crisis", 1L),
        s.getJsonObject("tiers_in_db"));
    assertEquals(300, s.getLong("gateway_peak_heap_mb"));
    assertEquals(
        new JsonObject().put("before", 100L).put("all_held", 100L).put("drafts_held", 20L),
        s.getJsonObject("gateway_live_heap_mb"));
    assertEquals(3000, s.getLong("bytes_per_in_progress_student"));
    assertEquals(200_000, s.getLong("gateway_cpu_us_per_student")); // 4 CPU-s for 20 students
    assertEquals(0.4, s.getDouble("gateway_cpu_share"));
    assertEquals(0.1, s.getDouble("generator_cpu_share"));
    JsonObject cpu = s.getJsonObject("cpu");
    assertEquals(10.0, cpu.getDouble("window_s"));
    assertEquals(4.0, cpu.getDouble("gateway_cpu_s"));
    assertEquals(1.0, cpu.getDouble("generator_cpu_s"));
    assertEquals(0.8, cpu.getDouble("machine_busy_share"));
    assertNull(s.getValue("ceiling"));
    assertEquals(
        List.of("login", "login (queued)", "questionnaire", "draft", "submit"),
        List.copyOf(s.getJsonObject("requests_by_name").fieldNames()));
    assertEquals(
        new JsonObject()
            .put("total", 20L)
            .put("ok", 20L)
            .put("ko", 0L)
            .put("p50", 10L)
            .put("p95", 40L)
            .put("p99", 90L)
            .put("max", 95L),
        s.getJsonObject("requests_by_name").getJsonObject("login"));
    assertEquals(
        List.of("staff login", "staff alerts"), List.copyOf(s.getJsonObject("staff").fieldNames()));
    assertEquals(200, s.getLong("warm_up_requests"));
    assertEquals(
        new JsonObject()
            .put("roster_students", 22L)
            .put("window_id", 3L)
            .put("roster_ms", 12L)
            .put("total_ms", 40L),
        s.getJsonObject("seeding"));
    assertTrue(s.getBoolean("assertions_passed"));
    assertTrue(s.getBoolean("check_passed"));
    assertEquals(60, s.getLong("wall_s"));
  }

  @Test
  void summarize_databaseWork_summedOverTheNodesMetrics() throws IOException {
    assertEquals(null, summary().getValue("database_work"), "no node's metrics, no figures");
    Files.writeString(
        out.resolve("metrics-end-18300.txt"),
        "# HELP huxin_writer_batches_total Result batches committed\n"
            + "huxin_writer_batches_total 30.0\n"
            + "huxin_writer_batch_rows_sum 240.0\n"
            + "huxin_writer_batch_latency_seconds_sum 0.12\n"
            + "vertx_pool_usage_seconds_count{pool_name=\"huxin-pg-alerts\",pool_type=\"sql\"} 7\n"
            + "vertx_pool_usage_seconds_count{pool_name=\"huxin-pg\",pool_type=\"sql\"} 99\n");
    Files.writeString(
        out.resolve("metrics-end-18301.txt"),
        "huxin_writer_batches_total 10.0\n"
            + "huxin_writer_batch_rows_sum 160.0\n"
            + "huxin_writer_batch_latency_seconds_sum 0.08\n"
            + "vertx_pool_usage_seconds_count{pool_name=\"huxin-pg-alerts\",pool_type=\"sql\"} 5\n");
    JsonObject work = summary().getJsonObject("database_work");
    assertEquals(40L, work.getLong("writer_batches"));
    assertEquals(10.0, work.getDouble("rows_per_batch"));
    assertEquals(5.0, work.getDouble("batch_ms_mean"));
    assertEquals(12L, work.getLong("alert_pool_uses"));
  }

  @Test
  void summarize_koRequest_fails() throws IOException {
    replaceIn(
        "requests.json",
        "\"draft\" : { \"count\" : 20, \"ok\" : 20, \"ko\" : 0,",
        "\"draft\" : { \"count\" : 20, \"ok\" : 18, \"ko\" : 2,");

    JsonObject s = summary();

    assertFalse(s.getBoolean("passed"));
    assertEquals(2, s.getLong("failed"));
    assertEquals(
        new JsonArray().add("2 requests failed (see requests.json)"), s.getJsonArray("failures"));
  }

  @Test
  void summarize_koStaffRequest_fails() throws IOException {
    replaceIn(
        "requests.json",
        "\"staff alerts\" : { \"count\" : 10, \"ok\" : 10, \"ko\" : 0,",
        "\"staff alerts\" : { \"count\" : 10, \"ok\" : 9, \"ko\" : 1,");

    JsonObject s = summary();

    assertFalse(s.getBoolean("passed"));
    assertEquals(0, s.getLong("failed")); // the student requests' failures only
    assertEquals(
        new JsonArray().add("1 request failed (see requests.json)"), s.getJsonArray("failures"));
  }

  @Test
  void summarize_gatlingAssertionFailed_fails() throws IOException {
    params.put("gatling_rc", "2");

    JsonObject s = summary();

    assertFalse(s.getBoolean("passed"));
    assertFalse(s.getBoolean("assertions_passed"));
    assertEquals(
        new JsonArray().add("a Gatling assertion failed (see gatling.log)"),
        s.getJsonArray("failures"));
  }

  @Test
  void summarize_checkFailed_fails() throws IOException {
    replaceIn("check.log", "tier_mismatches=0", "tier_mismatches=1");
    replaceIn("check.log", "passed=true", "passed=false");

    JsonObject s = summary();

    assertFalse(s.getBoolean("passed"));
    assertFalse(s.getBoolean("check_passed"));
    assertEquals(1, s.getLong("tier_mismatches"));
    assertEquals(
        new JsonArray().add("the PostgreSQL check failed (see check.log)"),
        s.getJsonArray("failures"));
  }

  @Test
  void summarize_noCheck_fails() throws IOException {
    Files.delete(out.resolve("check.log"));

    JsonObject s = summary();

    assertFalse(s.getBoolean("passed"));
    assertNull(s.getValue("check_passed"));
    assertEquals(
        new JsonArray().add("the PostgreSQL check failed (see check.log)"),
        s.getJsonArray("failures"));
  }

  @Test
  void summarize_notAllInProgressAtThePeak_fails() throws IOException {
    params.put("students", "21");

    JsonObject s = summary();

    assertFalse(s.getBoolean("passed"));
    assertEquals(
        new JsonArray().add("only 20 of 21 in progress at the peak"), s.getJsonArray("failures"));
  }

  @Test
  void summarize_loginScenario_dropsTheFullOnlyKeys() throws IOException {
    params.put("scenario", "login");
    Files.delete(out.resolve("check.log"));
    replaceIn("gatling.log", "FULL students=20 mode=all-first", "STORM students=20 rate=10.0");

    JsonObject s = summary();

    assertTrue(s.getBoolean("passed"), s.encodePrettily());
    for (String key :
        List.of(
            "results_in_db",
            "duplicates",
            "tier_mismatches",
            "tiers_in_db",
            "check_passed",
            "client_peak_in_progress",
            "mode")) {
      assertFalse(s.containsKey(key), key);
    }
    assertEquals("login", s.getString("scenario"));
    assertEquals(10.0, s.getDouble("duration_s")); // from the STORM line
    assertEquals(0.4, s.getDouble("gateway_cpu_share"));
  }

  @Test
  void summarize_keys_asSummarizePyWroteThem() throws IOException {
    JsonObject s = summary();

    assertEquals(
        List.of(
            "students",
            "scenario",
            "mode",
            "nodes",
            "rate_per_s",
            "duration_s",
            "requests",
            "failed",
            "queued",
            "p50_ms",
            "p95_ms",
            "p99_ms",
            "max_ms",
            "percentiles_of",
            "logins_per_s",
            "peak_in_progress",
            "client_peak_in_progress",
            "results_in_db",
            "duplicates",
            "tier_mismatches",
            "tiers_in_db",
            "gateway_peak_heap_mb",
            "gateway_live_heap_mb",
            "bytes_per_in_progress_student",
            "gateway_cpu_us_per_student",
            "gateway_cpu_share",
            "generator_cpu_share",
            "ceiling_ratio",
            "ceiling",
            "cpu",
            "database_work",
            "requests_by_name",
            "staff",
            "warm_up_requests",
            "seeding",
            "jvm",
            "assertions_passed",
            "check_passed",
            "wall_s",
            "date",
            "passed",
            "failures"),
        List.copyOf(s.fieldNames()));
  }
}
