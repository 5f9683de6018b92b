package org.huxin.loadtest.chaos;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;

/**
 * Turns a fault run into a row of the chaos table, and the rows into the table.
 *
 * <ul>
 *   <li>{@code account}: reads the scenario's acks files and driver reports, counts the stored
 *       results of the acknowledged students in PostgreSQL ({@code PG_URL}), applies {@link
 *       Accounting}, checks the given limits, and appends one JSON row to {@code --rows}.
 *   <li>{@code summary}: prints the rows as the table {@code scenario requests acknowledged lost
 *       duplicated ok}, writes them as a JSON list to {@code --out}, and exits 1 when a row lost or
 *       duplicated anything, failed a steady-state check or broke a limit.
 * </ul>
 *
 * <pre>
 * PG_URL=jdbc:postgresql://127.0.0.1:56329/huxin PG_USER=postgres java -cp ... \
 *     org.huxin.loadtest.chaos.ChaosCheck account --scenario kill-gateway --window 1 \
 *     --acks run/kill.acks.csv,run/probe.acks.csv --drivers run/kill.driver.json \
 *     --steady-before true --steady-after true --rows run/rows.jsonl
 * </pre>
 */
public final class ChaosCheck {

  private ChaosCheck() {}

  public static void main(String[] args) throws IOException, SQLException {
    if (args.length == 0) {
      usage("give a command: account or summary");
    }
    Map<String, List<String>> flags = flags(args);
    switch (args[0]) {
      case "account" -> account(flags);
      case "reached" -> System.exit(reached(flags) ? 0 : 1);
      case "summary" -> System.exit(summary(flags) ? 0 : 1);
      default -> usage("unknown command " + args[0]);
    }
  }

  private static void account(Map<String, List<String>> flags) throws IOException, SQLException {
    String scenario = one(flags, "scenario");
    long window = Long.parseLong(one(flags, "window"));
    List<Ack> acks = new ArrayList<>();
    for (String file : list(flags, "acks")) {
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          acks.add(Ack.parse(line.trim()));
        }
      }
    }
    long requests = 0;
    JsonObject details = new JsonObject();
    List<String> drivers = list(flags, "drivers");
    for (int i = 0; i < drivers.size(); i++) {
      JsonObject d = new JsonObject(Files.readString(Path.of(drivers.get(i))));
      requests += d.getLong("requests", 0L);
      if (i == 0) {
        details.put("driver", d);
      }
    }
    for (String kv : flags.getOrDefault("detail", List.of())) {
      int eq = kv.indexOf('=');
      if (eq < 1) {
        usage("--detail takes key=value, got " + kv);
      }
      details.put(kv.substring(0, eq), number(kv.substring(eq + 1)));
    }
    Map<String, String> env = System.getenv();
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")).toAbsolutePath();
    Accounting.Tally tally;
    Accounting.AlertTally alerts = null;
    Accounting.ReachTally reach = null;
    try (Store store = Store.openForJob(StoreConfig.fromEnv(env, home));
        Connection c = store.dataSource().getConnection()) {
      tally = Accounting.tally(acks, stored(c, window, acks));
      if (flags.containsKey("outage-from")) {
        alerts =
            alerts(
                c,
                window,
                acks,
                relayLines(list(flags, "relay-logs")),
                Instant.ofEpochMilli(Long.parseLong(one(flags, "outage-from"))),
                Instant.ofEpochMilli(Long.parseLong(one(flags, "outage-to"))));
      }
      if (flags.containsKey("console-logs")) {
        reach = reach(c, window, acks, flags, details);
      }
    }
    boolean before = Boolean.parseBoolean(one(flags, "steady-before"));
    boolean after = Boolean.parseBoolean(one(flags, "steady-after"));
    List<String> problems = new ArrayList<>();
    long lost = tally.lost();
    long duplicated = tally.duplicated();
    if (!tally.lostIds().isEmpty()) {
      details.put("lost_students", new JsonArray(new ArrayList<>(tally.lostIds())));
    }
    if (!tally.duplicatedIds().isEmpty()) {
      details.put("duplicated_students", new JsonArray(new ArrayList<>(tally.duplicatedIds())));
    }
    if (alerts != null) {
      details
          .put("crisis_results", alerts.crisisResults())
          .put("alerts", alerts.alerts())
          .put("alerts_lost", alerts.lost())
          .put("alerts_duplicated", alerts.duplicated())
          .put("alerts_created_while_down", alerts.createdInOutage())
          .put("alerts_delivered_while_down", alerts.deliveredInOutage());
      lost += alerts.lost();
      duplicated += alerts.duplicated();
      if (alerts.createdInOutage() == 0) {
        problems.add("no crisis alert was created while the relay was down: nothing was tested");
      }
      if (alerts.deliveredInOutage() > 0) {
        problems.add(
            alerts.deliveredInOutage() + " alerts were delivered while the relay was meant down");
      }
    }
    if (reach != null) {
      details
          .put("alerts", reach.alerts())
          .put("alerts_missed_by_consoles", reach.missedByConsoles())
          .put("alerts_missed_by_phones", reach.missedByPhones())
          .put("alerts_shown_twice", reach.shownTwice());
      if (!reach.examples().isEmpty()) {
        details.put("alerts_missed", new JsonArray(new ArrayList<>(reach.examples())));
      }
      lost += reach.lost();
      duplicated += reach.shownTwice();
      if (reach.alerts() == 0) {
        problems.add("no crisis alert was raised in the scenario: nothing was tested");
      }
      if (details.getLong("alerts_relayed_by_killed_node", 0L) == 0) {
        problems.add("the killed node had relayed no alert of the scenario: nothing was tested");
      }
    }
    if (!before) {
      problems.add("the steady-state check before the fault failed");
    }
    if (!after) {
      problems.add("the steady-state check after the fault failed");
    }
    if (tally.acknowledged() == 0) {
      problems.add("no submit was acknowledged");
    }
    JsonObject flat = flatten(details);
    for (String kv : flags.getOrDefault("limit", List.of())) {
      int eq = kv.indexOf('=');
      if (eq < 1) {
        usage("--limit takes key=max, got " + kv);
      }
      String key = kv.substring(0, eq);
      double max = Double.parseDouble(kv.substring(eq + 1));
      Object value = flat.getValue(key);
      if (!(value instanceof Number n)) {
        problems.add("no figure " + key + " to hold to " + kv.substring(eq + 1));
      } else if (n.doubleValue() > max) {
        problems.add(key + " was " + n + ", allowed at most " + kv.substring(eq + 1));
      }
    }
    JsonObject row =
        new JsonObject()
            .put("scenario", scenario)
            .put("requests", requests)
            .put("acknowledged", tally.acknowledged())
            .put("lost", lost)
            .put("duplicated", duplicated)
            .put("steady_before", before)
            .put("steady_after", after)
            .put("ok", lost == 0 && duplicated == 0 && problems.isEmpty())
            .put("problems", new JsonArray(new ArrayList<>(problems)))
            .put("details", details);
    Files.writeString(
        Path.of(one(flags, "rows")),
        row.encode() + "\n",
        StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.CREATE,
        java.nio.file.StandardOpenOption.APPEND);
    System.out.println("ROW " + row.encode());
  }

  /** Rows per acknowledged student (self form) and per acknowledged key in the window. */
  private static Accounting.Stored stored(Connection c, long window, List<Ack> acks)
      throws SQLException {
    Map<Long, Integer> perStudent = new HashMap<>();
    Map<UUID, Integer> perKey = new HashMap<>();
    Array students = c.createArrayOf("int8", acks.stream().map(Ack::studentId).toArray());
    Array keys = c.createArrayOf("uuid", acks.stream().map(Ack::key).toArray());
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT student_id, count(*) FROM result WHERE window_id = ? AND form = 'self'"
                + " AND student_id = ANY(?) GROUP BY student_id")) {
      ps.setLong(1, window);
      ps.setArray(2, students);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          perStudent.put(rs.getLong(1), rs.getInt(2));
        }
      }
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT idempotency_key, count(*) FROM result WHERE window_id = ?"
                + " AND idempotency_key = ANY(?) GROUP BY idempotency_key")) {
      ps.setLong(1, window);
      ps.setArray(2, keys);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          perKey.put(rs.getObject(1, UUID.class), rs.getInt(2));
        }
      }
    }
    return new Accounting.Stored(perStudent, perKey);
  }

  /**
   * The scenario's alerts (results of its acknowledged students created since {@code --since}),
   * checked against the console logs and the webhook receiver's log; also how many the killed node
   * had relayed ({@code --killed-node}).
   */
  private static Accounting.ReachTally reach(
      Connection c,
      long window,
      List<Ack> acks,
      Map<String, List<String>> flags,
      JsonObject details)
      throws SQLException, IOException {
    Array students = c.createArrayOf("int8", acks.stream().map(Ack::studentId).toArray());
    String killed = flags.containsKey("killed-node") ? one(flags, "killed-node") : "";
    List<Long> ids = new ArrayList<>();
    long byKilled = 0;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, relayed_by FROM alert_outbox WHERE window_id = ? AND student_id = ANY(?)"
                + " AND source = 'result' AND created_at >= ? AND created_at < ?")) {
      ps.setLong(1, window);
      ps.setArray(2, students);
      ps.setTimestamp(
          3, java.sql.Timestamp.from(Instant.ofEpochMilli(Long.parseLong(one(flags, "since")))));
      ps.setTimestamp(
          4,
          java.sql.Timestamp.from(
              flags.containsKey("until")
                  ? Instant.ofEpochMilli(Long.parseLong(one(flags, "until")))
                  : Instant.now().plusSeconds(3600)));
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
          byKilled += killed.equals(rs.getString(2)) ? 1 : 0;
        }
      }
    }
    details.put("alerts_relayed_by_killed_node", byKilled).put("killed_node", killed);
    List<java.util.Set<Long>> shown = new ArrayList<>();
    long twice = 0;
    for (String file : list(flags, "console-logs")) {
      java.util.Set<Long> one = new java.util.HashSet<>();
      for (String line : Files.readAllLines(Path.of(file), StandardCharsets.UTF_8)) {
        String[] f = line.split(" ");
        if (f[0].equals("shown")) {
          one.add(Long.parseLong(f[1]));
        } else if (f[0].equals("twice")) {
          twice++;
        }
      }
      shown.add(one);
    }
    List<String> bodies = new ArrayList<>();
    for (String line :
        Files.readAllLines(Path.of(one(flags, "webhook-log")), StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        bodies.add(new JsonObject(line).getString("body"));
      }
    }
    details.put("webhook_messages", bodies.size()).put("consoles", shown.size());
    return Accounting.reached(ids, shown, twice, bodies);
  }

  /**
   * {@code reached}: whether every alert of the scenario so far reached every console and a phone;
   * prints the counts. For a fault run's wait loop.
   */
  private static boolean reached(Map<String, List<String>> flags) throws IOException, SQLException {
    long window = Long.parseLong(one(flags, "window"));
    List<Ack> acks = new ArrayList<>();
    for (String file : list(flags, "acks")) {
      Path path = Path.of(file);
      if (Files.exists(path)) {
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
          if (!line.isBlank()) {
            acks.add(Ack.parse(line.trim()));
          }
        }
      }
    }
    Map<String, String> env = System.getenv();
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")).toAbsolutePath();
    try (Store store = Store.openForJob(StoreConfig.fromEnv(env, home));
        Connection c = store.dataSource().getConnection()) {
      Accounting.ReachTally reach = reach(c, window, acks, flags, new JsonObject());
      System.out.println(
          "REACHED alerts="
              + reach.alerts()
              + " missed_by_consoles="
              + reach.missedByConsoles()
              + " missed_by_phones="
              + reach.missedByPhones()
              + " shown_twice="
              + reach.shownTwice());
      return reach.alerts() > 0 && reach.lost() == 0;
    }
  }

  private static Accounting.AlertTally alerts(
      Connection c,
      long window,
      List<Ack> acks,
      List<String> relayLines,
      Instant outageFrom,
      Instant outageTo)
      throws SQLException {
    Array students = c.createArrayOf("int8", acks.stream().map(Ack::studentId).toArray());
    long crisis;
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT count(*) FROM result WHERE window_id = ? AND form = 'self' AND crisis"
                + " AND student_id = ANY(?)")) {
      ps.setLong(1, window);
      ps.setArray(2, students);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        crisis = rs.getLong(1);
      }
    }
    List<Accounting.AlertRow> rows = new ArrayList<>();
    try (PreparedStatement ps =
        c.prepareStatement(
            "SELECT id, result_id, student_id, created_at, relayed_at FROM alert_outbox"
                + " WHERE window_id = ? AND student_id = ANY(?) AND source = 'result'")) {
      ps.setLong(1, window);
      ps.setArray(2, students);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          java.sql.Timestamp delivered = rs.getTimestamp(5);
          rows.add(
              new Accounting.AlertRow(
                  rs.getLong(1),
                  rs.getLong(2),
                  rs.getLong(3),
                  rs.getTimestamp(4).toInstant(),
                  delivered == null ? null : delivered.toInstant()));
        }
      }
    }
    return Accounting.alerts(crisis, rows, Accounting.relayed(relayLines), outageFrom, outageTo);
  }

  private static List<String> relayLines(List<String> files) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String f : files) {
      Path p = Path.of(f);
      if (Files.exists(p)) {
        for (String line : Files.readAllLines(p, StandardCharsets.UTF_8)) {
          if (line.contains("alert relay: relayed alerts")) {
            lines.add(line);
          }
        }
      }
    }
    return lines;
  }

  /** Prints the table and writes the JSON list; true when every row is ok. */
  static boolean summary(Map<String, List<String>> flags) throws IOException {
    List<JsonObject> rows = new ArrayList<>();
    Path rowsFile = Path.of(one(flags, "rows"));
    if (Files.exists(rowsFile)) {
      for (String line : Files.readAllLines(rowsFile, StandardCharsets.UTF_8)) {
        if (!line.isBlank()) {
          rows.add(new JsonObject(line));
        }
      }
    }
    for (String missing : flags.getOrDefault("expect", List.of())) {
      if (rows.stream().noneMatch(r -> missing.equals(r.getString("scenario")))) {
        rows.add(
            new JsonObject()
                .put("scenario", missing)
                .put("requests", 0)
                .put("acknowledged", 0)
                .put("lost", 0)
                .put("duplicated", 0)
                .put("ok", false)
                .put("problems", new JsonArray().add("the scenario did not finish; see its logs")));
      }
    }
    System.out.println(table(rows));
    Files.writeString(
        Path.of(one(flags, "out")), new JsonArray(new ArrayList<>(rows)).encodePrettily());
    boolean ok = !rows.isEmpty();
    for (JsonObject r : rows) {
      if (!r.getBoolean("ok", false)) {
        ok = false;
        for (Object p : r.getJsonArray("problems", new JsonArray())) {
          System.out.println(r.getString("scenario") + ": " + p);
        }
      }
    }
    return ok;
  }

  /** The rows as a fixed-width table. */
  static String table(List<JsonObject> rows) {
    StringBuilder out = new StringBuilder();
    String format = "%-16s %9s %13s %6s %11s  %s%n";
    out.append(
        String.format(format, "scenario", "requests", "acknowledged", "lost", "duplicated", "ok"));
    for (JsonObject r : rows) {
      out.append(
          String.format(
              format,
              r.getString("scenario"),
              r.getValue("requests"),
              r.getValue("acknowledged"),
              r.getValue("lost"),
              r.getValue("duplicated"),
              r.getBoolean("ok", false) ? "ok" : "FAILED"));
    }
    return out.toString().stripTrailing();
  }

  /** Nested objects' numbers as {@code outer.inner} keys, for limits. */
  static JsonObject flatten(JsonObject json) {
    JsonObject flat = new JsonObject();
    for (Map.Entry<String, Object> e : json) {
      if (e.getValue() instanceof JsonObject inner) {
        for (Map.Entry<String, Object> f : flatten(inner)) {
          flat.put(e.getKey() + "." + f.getKey(), f.getValue());
        }
      } else {
        flat.put(e.getKey(), e.getValue());
      }
    }
    return flat;
  }

  private static Object number(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      try {
        return Double.parseDouble(value);
      } catch (NumberFormatException notNumber) {
        return value;
      }
    }
  }

  /** {@code --name value} pairs after the command; names may repeat. */
  private static Map<String, List<String>> flags(String[] args) {
    Map<String, List<String>> flags = new LinkedHashMap<>();
    for (int i = 1; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length) {
        usage("flags are --name value pairs, got " + args[i]);
      }
      flags.computeIfAbsent(args[i].substring(2), k -> new ArrayList<>()).add(args[++i]);
    }
    return flags;
  }

  private static String one(Map<String, List<String>> flags, String name) {
    List<String> values = flags.get(name);
    if (values == null || values.isEmpty()) {
      usage("--" + name + " is required");
    }
    return values.get(values.size() - 1);
  }

  /** Comma-separated values of every {@code --name}. */
  private static List<String> list(Map<String, List<String>> flags, String name) {
    List<String> out = new ArrayList<>();
    for (String v : flags.getOrDefault(name, List.of())) {
      for (String part : v.split(",")) {
        if (!part.isBlank()) {
          out.add(part.trim());
        }
      }
    }
    return out;
  }

  private static void usage(String problem) {
    System.err.println("chaos check: " + problem);
    System.err.println(
        "usage: ChaosCheck account --scenario S --window W --acks f,... --drivers f,..."
            + " --steady-before B --steady-after B --rows FILE [--detail k=v] [--limit k=max]"
            + " [--outage-from MS --outage-to MS --relay-logs f,...]\n"
            + "       ChaosCheck summary --rows FILE --out summary.json [--expect scenario ...]");
    System.exit(2);
  }
}
