package org.huxin.loadtest.summary;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Writes a rehearsal's {@code summary.json} from what {@code scripts/rehearse.sh} collected in its
 * output directory, and gives the verdict.
 *
 * <pre>
 * java -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.summary.RehearsalSummary OUT_DIR students=2000 scenario=full mode=all-first \
 *     nodes=2 rate=200 hz=100 gatling_rc=0 gateway_opts=... gatling_heap=... wall_s=120 date=...
 * </pre>
 *
 * <p>Reads {@code requests.json} (the simulation's own {@link RequestRecorder}), {@code
 * samples.jsonl} (the sampler), {@code seed.log} (the {@code REHEARSAL} line), {@code gatling.log}
 * (the simulation's {@code STORM} or {@code FULL} line), {@code check.log} (the {@code CHECK} line,
 * full scenario), {@code heap-before.json}, {@code heap-hold.json} and {@code ceiling.json}
 * (--ceiling), and the run's parameters as {@code key=value} arguments. Prints the summary too and
 * exits 0 when the run passed: no Gatling assertion failed and no recorded request failed, and for
 * a full run the PostgreSQL check passed and, all first, every student was mid-questionnaire at the
 * peak; 1 otherwise.
 */
public final class RehearsalSummary {

  /** The student request names, in the order the summary lists them. */
  static final List<String> STUDENT_REQUESTS =
      List.of("login", "login (queued)", "questionnaire", "draft", "submit", "submit (retry)");

  private static final String[] STAFF_KEYS = {"total", "ok", "ko", "p50", "p95", "p99", "max"};

  private RehearsalSummary() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 1) {
      System.err.println("usage: RehearsalSummary OUT_DIR key=value...");
      System.exit(2);
    }
    Map<String, String> params = new HashMap<>();
    for (int i = 1; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      if (eq < 0) {
        System.err.println("not key=value: " + args[i]);
        System.exit(2);
      }
      params.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    JsonObject summary = summarize(Path.of(args[0]), params);
    String text = summary.encodePrettily();
    Files.writeString(Path.of(args[0], "summary.json"), text + "\n");
    System.out.println(text);
    System.exit(summary.getBoolean("passed") ? 0 : 1);
  }

  /**
   * What the nodes asked of PostgreSQL, summed from their {@code /metrics} as the load ended
   * ({@code metrics-end-<port>.txt}): result batches, rows per batch, the mean batch time, and the
   * passes of the alert relay and escalator (uses of their pool). Null when no node answered.
   */
  static JsonObject databaseWork(Path outDir) throws IOException {
    List<Path> files;
    try (var listing = Files.list(outDir)) {
      files =
          listing
              .filter(f -> f.getFileName().toString().matches("metrics-end-\\d+\\.txt"))
              .toList();
    }
    if (files.isEmpty()) {
      return null;
    }
    double batches = 0;
    double rows = 0;
    double seconds = 0;
    double alertPasses = 0;
    for (Path f : files) {
      for (String line : Files.readAllLines(f)) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        int space = line.lastIndexOf(' ');
        String name = line.substring(0, space);
        double value = Double.parseDouble(line.substring(space + 1));
        switch (name) {
          case "huxin_writer_batches_total" -> batches += value;
          case "huxin_writer_batch_rows_sum" -> rows += value;
          case "huxin_writer_batch_latency_seconds_sum" -> seconds += value;
          case "vertx_pool_usage_seconds_count{pool_name=\"huxin-pg-alerts\",pool_type=\"sql\"}" ->
              alertPasses += value;
          default -> {}
        }
      }
    }
    return new JsonObject()
        .put("writer_batches", (long) batches)
        .put("rows_per_batch", batches > 0 ? round(rows / batches, 1) : null)
        .put("batch_ms_mean", batches > 0 ? round(seconds * 1000 / batches, 2) : null)
        .put("alert_pool_uses", (long) alertPasses);
  }

  /** The summary of the run in {@code outDir} with parameters {@code p}; writes nothing. */
  public static JsonObject summarize(Path outDir, Map<String, String> p) throws IOException {
    int students = Integer.parseInt(p.get("students"));
    String scenario = p.get("scenario");
    boolean full = scenario.equals("full");
    Map<String, RequestFigures> table = RequestRecorder.read(outDir.resolve("requests.json"));
    Map<String, RequestFigures> byName = new LinkedHashMap<>();
    for (String name : STUDENT_REQUESTS) {
      if (table.containsKey(name)) {
        byName.put(name, table.get(name));
      }
    }
    Map<String, RequestFigures> staff = new LinkedHashMap<>();
    table.forEach(
        (name, f) -> {
          if (name.startsWith("staff ")) {
            staff.put(name, f);
          }
        });
    Map<String, String> run =
        keyValues(lastLine(outDir.resolve("gatling.log"), full ? "FULL " : "STORM "));
    long startMs = Long.parseLong(run.getOrDefault("measured_started_ms", "0"));
    long endMs = Long.parseLong(run.getOrDefault("measured_ended_ms", "0"));
    double duration = Math.max(0.0, (endMs - startMs) / 1000.0);

    List<JsonObject> everything = jsonLines(outDir.resolve("samples.jsonl"));
    List<JsonObject> inside = new ArrayList<>();
    for (JsonObject r : everything) {
      long t = r.getLong("t_ms");
      if (startMs - 1000 <= t && t <= endMs + 1000) {
        inside.add(r);
      }
    }
    int hz = Integer.parseInt(p.getOrDefault("hz", "100"));
    JsonObject cpu = new JsonObject();
    Long gateway = null;
    Double gatewayShare = null;
    Double generatorShare = null;
    if (inside.size() >= 2) {
      JsonObject first = inside.get(0);
      JsonObject last = inside.get(inside.size() - 1);
      long machine = last.getLong("machine_ticks") - first.getLong("machine_ticks");
      gateway = last.getLong("gateway_ticks") - first.getLong("gateway_ticks");
      List<JsonObject> genRows =
          inside.stream().filter(r -> r.getValue("generator_ticks") != null).toList();
      Long generator =
          genRows.size() >= 2
              ? genRows.get(genRows.size() - 1).getLong("generator_ticks")
                  - genRows.get(0).getLong("generator_ticks")
              : null;
      long idle = last.getLong("machine_idle_ticks") - first.getLong("machine_idle_ticks");
      cpu.put("window_s", round((last.getLong("t_ms") - first.getLong("t_ms")) / 1000.0, 1))
          .put("gateway_cpu_s", round((double) gateway / hz, 1))
          .put("generator_cpu_s", generator != null ? round((double) generator / hz, 1) : null)
          .put("machine_busy_share", machine != 0 ? round(1 - (double) idle / machine, 3) : null)
          .put("cores", Runtime.getRuntime().availableProcessors());
      gatewayShare = machine != 0 ? (double) gateway / machine : null;
      generatorShare = machine != 0 && generator != null ? (double) generator / machine : null;
    }
    // In progress: drafts the nodes hold minus the submitted markers that replace them (one per
    // stored result), i.e. students with a draft saved and no result yet.
    long peakInProgress = 0;
    long peakHeap = 0;
    for (JsonObject r : everything) {
      if (r.getLong("missing") == 0) {
        peakInProgress =
            Math.max(peakInProgress, r.getLong("drafts_held") - r.getLong("rows_inserted"));
        peakHeap = Math.max(peakHeap, r.getLong("heap_used"));
      }
    }

    Map<String, String> seed = keyValues(lastLine(outDir.resolve("seed.log"), "REHEARSAL "));
    Map<String, String> check = keyValues(lastLine(outDir.resolve("check.log"), "CHECK "));
    JsonObject ceiling = json(outDir.resolve("ceiling.json"));
    JsonObject before = json(outDir.resolve("heap-before.json"));
    JsonObject held = json(outDir.resolve("heap-hold.json"));
    Long bytesPerDraft =
        before != null && held != null && held.getLong("drafts_held") != 0
            ? round(
                (double) (held.getLong("heap_used") - before.getLong("heap_used"))
                    / held.getLong("drafts_held"))
            : null;

    long failed = sum(byName, RequestFigures::ko);
    long queued = table.getOrDefault("login (queued)", RequestFigures.NONE).count();
    long requests = sum(byName, RequestFigures::count);
    long loginsOk = table.getOrDefault("questionnaire", RequestFigures.NONE).ok();
    double loginPhase =
        Long.parseLong(run.getOrDefault("login_phase_ms", String.valueOf(endMs - startMs)))
            / 1000.0;
    boolean hasCheck = !check.isEmpty();

    JsonObject summary =
        new JsonObject()
            .put("students", students)
            .put("scenario", scenario)
            .put("mode", full ? p.get("mode") : null)
            .put("nodes", Integer.parseInt(p.get("nodes")))
            .put("rate_per_s", Double.parseDouble(p.get("rate")))
            .put("duration_s", round(duration, 1))
            .put("requests", requests)
            .put("failed", failed)
            .put("queued", queued)
            .put("p50_ms", worst(byName, RequestFigures::p50))
            .put("p95_ms", worst(byName, RequestFigures::p95))
            .put("p99_ms", worst(byName, RequestFigures::p99))
            .put("max_ms", worst(byName, RequestFigures::max))
            .put("percentiles_of", "the worst of the student request kinds (see requests_by_name)")
            .put("logins_per_s", loginPhase > 0 ? round(loginsOk / loginPhase, 1) : null)
            .put("peak_in_progress", peakInProgress)
            .put(
                "client_peak_in_progress",
                run.containsKey("client_peak_in_progress")
                    ? Long.parseLong(run.get("client_peak_in_progress"))
                    : null)
            .put("results_in_db", hasCheck ? Long.parseLong(check.get("results_in_db")) : null)
            .put("duplicates", hasCheck ? Long.parseLong(check.get("duplicates")) : null)
            .put("tier_mismatches", hasCheck ? Long.parseLong(check.get("tier_mismatches")) : null)
            .put("tiers_in_db", hasCheck ? tiers(check) : null)
            .put("gateway_peak_heap_mb", round(peakHeap / 1048576.0))
            .put(
                "gateway_live_heap_mb",
                new JsonObject()
                    .put("before", before != null ? mib(before.getLong("heap_used")) : null)
                    .put("all_held", held != null ? mib(held.getLong("heap_used")) : null)
                    .put("drafts_held", held != null ? held.getLong("drafts_held") : null))
            .put("bytes_per_in_progress_student", bytesPerDraft)
            .put(
                "gateway_cpu_us_per_student",
                gateway != null ? round((double) gateway / hz * 1e6 / students) : null)
            .put("gateway_cpu_share", gatewayShare != null ? round(gatewayShare, 3) : null)
            .put("generator_cpu_share", generatorShare != null ? round(generatorShare, 3) : null)
            .put("ceiling_ratio", ceiling != null ? ceiling.getValue("ceiling_ratio") : null)
            .put("ceiling", ceiling)
            .put("cpu", cpu)
            .put("database_work", databaseWork(outDir))
            .put("requests_by_name", figures(byName))
            .put("staff", staff.isEmpty() ? null : figures(staff))
            .put(
                "warm_up_requests",
                table.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("warm-up "))
                    .mapToLong(e -> e.getValue().count())
                    .sum())
            .put("seeding", seed.isEmpty() ? null : seeding(seed))
            .put(
                "jvm",
                new JsonObject()
                    .put("gateway", p.get("gateway_opts"))
                    .put("gatling", p.get("gatling_heap")))
            .put("assertions_passed", "0".equals(p.get("gatling_rc")))
            .put("check_passed", hasCheck ? "true".equals(check.get("passed")) : null)
            .put("wall_s", Long.parseLong(p.getOrDefault("wall_s", "0")))
            .put("date", p.get("date"));
    if (!full) {
      for (String k :
          List.of(
              "results_in_db",
              "duplicates",
              "tier_mismatches",
              "tiers_in_db",
              "check_passed",
              "client_peak_in_progress",
              "mode")) {
        summary.remove(k);
      }
    }
    // The verdict: Gatling's assertions (no failed request, p99 bounds) and the recorded requests
    // (none failed, staff and warm-up included), and for a full run the PostgreSQL check and, all
    // first, every student mid-questionnaire at once.
    List<String> reasons = new ArrayList<>();
    if (!summary.getBoolean("assertions_passed")) {
      reasons.add("a Gatling assertion failed (see gatling.log)");
    }
    long failedAll = sum(table, RequestFigures::ko);
    if (failedAll > 0) {
      reasons.add(
          failedAll + (failedAll == 1 ? " request" : " requests") + " failed (see requests.json)");
    }
    if (full && !Boolean.TRUE.equals(summary.getBoolean("check_passed"))) {
      reasons.add("the PostgreSQL check failed (see check.log)");
    }
    if (full && "all-first".equals(p.get("mode")) && peakInProgress < students) {
      reasons.add("only " + peakInProgress + " of " + students + " in progress at the peak");
    }
    summary.put("passed", reasons.isEmpty());
    summary.put("failures", new JsonArray(reasons));
    return summary;
  }

  // ---- the figures --------------------------------------------------------------------------

  private static long sum(Map<String, RequestFigures> figures, ToLongFunction<RequestFigures> f) {
    return figures.values().stream().mapToLong(f).sum();
  }

  private static long worst(Map<String, RequestFigures> figures, ToLongFunction<RequestFigures> f) {
    return figures.values().stream().mapToLong(f).max().orElse(0);
  }

  /** Per name: total, ok, ko, p50, p95, p99 and max, as the summary has always listed them. */
  private static JsonObject figures(Map<String, RequestFigures> figures) {
    JsonObject json = new JsonObject();
    figures.forEach(
        (name, f) -> {
          long[] values = {f.count(), f.ok(), f.ko(), f.p50(), f.p95(), f.p99(), f.max()};
          JsonObject one = new JsonObject();
          for (int i = 0; i < STAFF_KEYS.length; i++) {
            one.put(STAFF_KEYS[i], values[i]);
          }
          json.put(name, one);
        });
    return json;
  }

  private static JsonObject tiers(Map<String, String> check) {
    JsonObject tiers = new JsonObject();
    for (String k : List.of("routine", "key", "close", "crisis")) {
      tiers.put(k, Long.parseLong(check.get(k)));
    }
    return tiers;
  }

  private static JsonObject seeding(Map<String, String> seed) {
    return new JsonObject()
        .put("roster_students", Long.parseLong(seed.get("seeded")))
        .put("window_id", Long.parseLong(seed.get("window")))
        .put("roster_ms", Long.parseLong(seed.get("roster_ms")))
        .put("total_ms", Long.parseLong(seed.get("total_ms")));
  }

  private static long mib(long bytes) {
    return round(bytes / 1048576.0);
  }

  /** Rounds as Python's {@code round(x, digits)} does: the exact value, half to even. */
  static double round(double x, int digits) {
    return new BigDecimal(x).setScale(digits, RoundingMode.HALF_EVEN).doubleValue();
  }

  /** Rounds as Python's {@code round(x)} does. */
  static long round(double x) {
    return new BigDecimal(x).setScale(0, RoundingMode.HALF_EVEN).longValue();
  }

  // ---- the files ----------------------------------------------------------------------------

  /** {@code key=value} pairs after the first word of {@code line}; empty for no line. */
  static Map<String, String> keyValues(String line) {
    Map<String, String> values = new LinkedHashMap<>();
    String[] words = line.trim().split("\\s+");
    for (int i = 1; i < words.length; i++) {
      int eq = words[i].indexOf('=');
      if (eq >= 0) {
        values.put(words[i].substring(0, eq), words[i].substring(eq + 1));
      }
    }
    return values;
  }

  /** The last line of {@code file} holding {@code prefix}, from the prefix on; "" when none. */
  static String lastLine(Path file, String prefix) throws IOException {
    if (!Files.exists(file)) {
      return "";
    }
    String found = "";
    for (String line : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      int i = line.indexOf(prefix);
      if (i >= 0) {
        found = line.substring(i).strip();
      }
    }
    return found;
  }

  private static List<JsonObject> jsonLines(Path file) throws IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<JsonObject> rows = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      if (!line.isBlank()) {
        rows.add(new JsonObject(line));
      }
    }
    return rows;
  }

  private static JsonObject json(Path file) throws IOException {
    return Files.exists(file) && Files.size(file) > 0
        ? new JsonObject(Files.readString(file))
        : null;
  }
}
