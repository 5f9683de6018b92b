package org.huxin.engine.offline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.huxin.engine.results.AnswerSheet;
import org.huxin.engine.results.AnswerSheetException;
import org.huxin.engine.results.ResultJson;
import org.huxin.engine.scoring.AnswerRejectedException;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.scoring.Tier;
import org.huxin.scales.ScaleLibrary;
import org.huxin.scales.TierRuleSet;

/**
 * Scores JSON lines from standard input to standard output.
 *
 * <p>In: {@code {"id": "…", "grade": 8, "sex": "F", "answers": {"phq9": [0, 1, …], …},
 * "itemMillis": {…}}} ({@code itemMillis} optional). Out: one line per line in, in the same order:
 * the result ({@link ResultJson#offline}) or {@code {"id": …, "error": "line 7: …"}}. A summary
 * goes to standard error; the exit status is 1 if any line could not be scored, 2 for bad
 * arguments.
 *
 * <p>An answer may be {@code "refused"} on an item that offers "I'd rather not answer". A line the
 * engine cannot score whole (a blank item, a value out of range, a list of the wrong length) is
 * still read for its crisis items: if a crisis rule holds on what was answered, it is reported as a
 * result, {@code invalid} with its crisis tier and level ({@link CompiledBattery#salvage}), and
 * counted as salvaged; otherwise it is an error line.
 */
public final class OfflineScorer {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> FIELDS = Set.of("id", "grade", "sex", "answers", "itemMillis");

  /** Counts of one run. */
  public record Summary(long lines, long scored, long salvaged, long failed, long[] tiers) {}

  private final CompiledBattery battery;

  public OfflineScorer(CompiledBattery battery) {
    this.battery = battery;
  }

  public static void main(String[] args) {
    String batteryId = null;
    String ruleSetId = TierRuleSet.DEFAULT_ID;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--battery" -> batteryId = i + 1 < args.length ? args[++i] : null;
        case "--rules" -> ruleSetId = i + 1 < args.length ? args[++i] : null;
        default -> {
          usage("unknown argument: " + args[i]);
          return;
        }
      }
    }
    if (batteryId == null || ruleSetId == null) {
      usage("--battery <id> is required");
      return;
    }
    ScoringEngine engine = ScoringEngine.compile(ScaleLibrary.loadDefault(), ruleSetId);
    if (!engine.hasBattery(batteryId)) {
      usage("no battery '" + batteryId + "'; batteries: " + String.join(", ", engine.batteryIds()));
      return;
    }
    try {
      engine.checkRuleSetFits(List.of(batteryId));
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    long started = System.nanoTime();
    Summary s;
    try (Reader in = new InputStreamReader(System.in, StandardCharsets.UTF_8);
        Writer out =
            new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))) {
      s = new OfflineScorer(engine.battery(batteryId)).run(in, out);
    } catch (IOException e) {
      System.err.println("huxin score: " + e.getMessage());
      System.exit(1);
      return;
    }
    long ms = (System.nanoTime() - started) / 1_000_000;
    System.err.printf(
        "huxin score: %d lines, %d scored (%d of them salvaged: incomplete, reported invalid"
            + " with their crisis tier), %d failed in %d ms; tiers: routine %d, key %d, close %d,"
            + " crisis %d%n",
        s.lines(),
        s.scored(),
        s.salvaged(),
        s.failed(),
        ms,
        s.tiers()[0],
        s.tiers()[1],
        s.tiers()[2],
        s.tiers()[3]);
    System.exit(s.failed() == 0 ? 0 : 1);
  }

  private static void usage(String problem) {
    PrintStream err = System.err;
    err.println("huxin score: " + problem);
    err.println(
        "usage: ./huxin score --battery <id> [--rules <rule set id>] < in.jsonl > out.jsonl");
    System.exit(2);
  }

  /** Scores every line of {@code in} onto {@code out}, one line each. */
  public Summary run(Reader in, Writer out) throws IOException {
    BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
    long lineNo = 0;
    long scored = 0;
    long[] salvaged = {0};
    long failed = 0;
    long[] tiers = new long[Tier.values().length];
    String line;
    while ((line = lines.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String id = null;
      try {
        JsonNode node = MAPPER.readTree(line);
        id = id(node);
        ScoredResult r = score(node, salvaged);
        out.write(ResultJson.offline(id, battery.definition(), r));
        tiers[r.tier().level()]++;
        scored++;
      } catch (LineException e) {
        out.write(ResultJson.offlineError(id, "line " + lineNo + ": " + e.getMessage()));
        failed++;
      } catch (JsonProcessingException e) {
        out.write(ResultJson.offlineError(null, "line " + lineNo + ": not valid JSON"));
        failed++;
      }
      out.write('\n');
    }
    out.flush();
    return new Summary(lineNo, scored, salvaged[0], failed, tiers);
  }

  private ScoredResult score(JsonNode node, long[] salvaged) throws LineException {
    if (!node.isObject()) {
      throw new LineException("a line must be a JSON object");
    }
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field)) {
        throw new LineException("unknown field '" + field + "'");
      }
    }
    JsonNode grade = node.get("grade");
    JsonNode sex = node.get("sex");
    if (grade == null || !grade.canConvertToInt() || grade.asInt() < 1 || grade.asInt() > 12) {
      throw new LineException("'grade' must be a whole number 1–12");
    }
    if (sex == null
        || !sex.isTextual()
        || !(sex.asText().equals("F") || sex.asText().equals("M"))) {
      throw new LineException("'sex' must be \"F\" or \"M\"");
    }
    Respondent respondent = new Respondent(grade.asInt(), sex.asText().charAt(0));
    Map<String, Object> given = map(node, "answers", true);
    int[] answers = AnswerSheet.readable(battery, given);
    String why;
    try {
      answers = AnswerSheet.answers(battery, given);
      int[] millis = AnswerSheet.itemMillis(battery, map(node, "itemMillis", false));
      return battery.score(answers, millis, respondent);
    } catch (AnswerSheetException e) {
      why = e.getMessage();
    } catch (AnswerRejectedException e) {
      why = e.getMessage();
    }
    Optional<ScoredResult> crisis = battery.salvage(answers, null, respondent, why);
    if (crisis.isEmpty()) {
      throw new LineException(why);
    }
    salvaged[0]++;
    return crisis.get();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(JsonNode node, String field, boolean required)
      throws LineException {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        throw new LineException("'" + field + "' is required");
      }
      return null;
    }
    if (!value.isObject()) {
      throw new LineException("'" + field + "' must be an object of lists by scale");
    }
    return MAPPER.convertValue(value, Map.class);
  }

  private static String id(JsonNode node) {
    JsonNode id = node.get("id");
    return id == null || id.isNull() ? null : id.asText();
  }

  /** A line that cannot be scored, with the reason printed in its output line. */
  private static final class LineException extends Exception {
    private static final long serialVersionUID = 1L;

    LineException(String message) {
      super(message, null, false, false);
    }
  }
}
