package org.huxin.loadtest.chaos;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The arithmetic of a fault run, kept apart from the database so that it can be tested.
 *
 * <ul>
 *   <li><b>Lost</b>: a submit the gateway acknowledged (200 with a receipt) whose student has no
 *       stored result. Submits never acknowledged are not lost, whatever happened to them: the
 *       student was not told they were saved.
 *   <li><b>Duplicated</b>: an acknowledged student with more than one stored result in the window,
 *       or an idempotency key stored more than once.
 *   <li><b>Alerts</b>: every stored crisis result of those students needs exactly one outbox row,
 *       delivered by the end; an alert published by the relays more than once (their {@code alert
 *       relay: relayed alerts [...]} log lines) counts as duplicated; one created while the relay
 *       was down must not have been delivered before it came back.
 *   <li><b>Reached</b> ({@link #reached}): every alert of the scenario must be shown by every
 *       console that watched it through, and must reach the webhook receiver (a phone) at least
 *       once; a console that shows one twice counts as duplicated.
 * </ul>
 */
public final class Accounting {
  private static final Pattern RELAYED =
      Pattern.compile("alert relay: relayed alerts \\[([0-9, ]*)\\]");
  private static final int EXAMPLES = 10;

  private Accounting() {}

  /** Stored results of the window, counted per student (self form) and per idempotency key. */
  public record Stored(Map<Long, Integer> rowsPerStudent, Map<UUID, Integer> rowsPerKey) {
    public Stored {
      rowsPerStudent = Map.copyOf(rowsPerStudent);
      rowsPerKey = Map.copyOf(rowsPerKey);
    }
  }

  /** The results side of a scenario's row. */
  public record Tally(
      long acknowledged, long lost, long duplicated, List<Long> lostIds, List<Long> duplicatedIds) {
    public Tally {
      if (acknowledged < 0 || lost < 0 || duplicated < 0) {
        throw new IllegalArgumentException("counts are never negative");
      }
      lostIds = List.copyOf(lostIds);
      duplicatedIds = List.copyOf(duplicatedIds);
    }
  }

  /**
   * Compares the acknowledged submits (a student acknowledged twice counts once) with the store.
   */
  public static Tally tally(Collection<Ack> acks, Stored stored) {
    Map<Long, Ack> byStudent = new LinkedHashMap<>();
    for (Ack a : acks) {
      byStudent.putIfAbsent(a.studentId(), a);
    }
    long lost = 0;
    long duplicated = 0;
    List<Long> lostIds = new ArrayList<>();
    List<Long> duplicatedIds = new ArrayList<>();
    for (Ack a : byStudent.values()) {
      int rows = stored.rowsPerStudent().getOrDefault(a.studentId(), 0);
      int keyRows = stored.rowsPerKey().getOrDefault(a.key(), 0);
      if (rows == 0) {
        lost++;
        if (lostIds.size() < EXAMPLES) {
          lostIds.add(a.studentId());
        }
      } else if (rows > 1 || keyRows > 1) {
        duplicated++;
        if (duplicatedIds.size() < EXAMPLES) {
          duplicatedIds.add(a.studentId());
        }
      }
    }
    return new Tally(byStudent.size(), lost, duplicated, lostIds, duplicatedIds);
  }

  /** One row of {@code alert_outbox}; {@code deliveredAt} is null while pending. */
  public record AlertRow(
      long alertId, long resultId, long studentId, Instant createdAt, Instant deliveredAt) {
    public AlertRow {
      if (createdAt == null) {
        throw new IllegalArgumentException("alert " + alertId + " has no creation time");
      }
    }
  }

  /**
   * The alerts side of a scenario's row.
   *
   * @param crisisResults stored crisis results of the scenario's acknowledged students
   * @param alerts their outbox rows
   * @param lost crisis results without an outbox row, plus outbox rows still undelivered
   * @param duplicated outbox rows beyond the first per result, plus alerts relayed more than once
   * @param createdInOutage alerts created while the relay was down
   * @param deliveredInOutage of those, delivered before the relay came back (must be 0)
   */
  public record AlertTally(
      long crisisResults,
      long alerts,
      long lost,
      long duplicated,
      long createdInOutage,
      long deliveredInOutage) {}

  /**
   * Checks the outbox rows of {@code crisisResults} crisis results against how often the relays
   * logged each id as delivered, for a relay outage from {@code outageFrom} to {@code outageTo}.
   */
  public static AlertTally alerts(
      long crisisResults,
      List<AlertRow> rows,
      Map<Long, Integer> relayed,
      Instant outageFrom,
      Instant outageTo) {
    Map<Long, Integer> perResult = new HashMap<>();
    long undelivered = 0;
    long relayedTwice = 0;
    long createdInOutage = 0;
    long deliveredInOutage = 0;
    for (AlertRow r : rows) {
      perResult.merge(r.resultId(), 1, Integer::sum);
      if (r.deliveredAt() == null) {
        undelivered++;
      }
      if (relayed.getOrDefault(r.alertId(), 0) > 1) {
        relayedTwice++;
      }
      if (!r.createdAt().isBefore(outageFrom) && r.createdAt().isBefore(outageTo)) {
        createdInOutage++;
        if (r.deliveredAt() != null && r.deliveredAt().isBefore(outageTo)) {
          deliveredInOutage++;
        }
      }
    }
    long missing = Math.max(0, crisisResults - perResult.size());
    long extraRows = rows.size() - perResult.size();
    return new AlertTally(
        crisisResults,
        rows.size(),
        missing + undelivered,
        extraRows + relayedTwice,
        createdInOutage,
        deliveredInOutage);
  }

  /** How often each alert id appears in the relays' "relayed alerts [...]" log lines. */
  public static Map<Long, Integer> relayed(Iterable<String> logLines) {
    Map<Long, Integer> counts = new HashMap<>();
    for (String line : logLines) {
      Matcher m = RELAYED.matcher(line);
      if (!m.find()) {
        continue;
      }
      for (String id : m.group(1).split(",")) {
        String trimmed = id.trim();
        if (!trimmed.isEmpty()) {
          counts.merge(Long.parseLong(trimmed), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  /**
   * Whether the alerts reached people.
   *
   * @param alerts the scenario's alerts
   * @param missedByConsoles alerts some console never showed
   * @param missedByPhones alerts no message to the webhook receiver named
   * @param shownTwice times a console showed an alert it already had (a second delivery on one
   *     stream connection, or a dropped alert coming back)
   * @param examples a few alert ids of each kind of miss
   */
  public record ReachTally(
      long alerts,
      long missedByConsoles,
      long missedByPhones,
      long shownTwice,
      List<Long> examples) {
    public ReachTally {
      examples = List.copyOf(examples);
    }

    public long lost() {
      return missedByConsoles + missedByPhones;
    }
  }

  private static final Pattern ALERT_NUMBERS = Pattern.compile("编号[：:]\\s*([0-9、,，\\s]+)");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");

  /**
   * Checks {@code alertIds} against what each console showed ({@code shownByConsole}, one set per
   * console, and how many times it showed one twice) and the bodies the webhook receiver got, whose
   * texts name alerts as {@code 编号：12、13}.
   */
  public static ReachTally reached(
      Collection<Long> alertIds,
      List<Set<Long>> shownByConsole,
      long shownTwice,
      List<String> webhookBodies) {
    Set<Long> messaged = new HashSet<>();
    for (String body : webhookBodies) {
      Matcher m = ALERT_NUMBERS.matcher(body);
      while (m.find()) {
        Matcher n = NUMBER.matcher(m.group(1));
        while (n.find()) {
          messaged.add(Long.parseLong(n.group()));
        }
      }
    }
    long byConsoles = 0;
    long byPhones = 0;
    List<Long> examples = new ArrayList<>();
    for (long id : alertIds) {
      boolean everyConsole = !shownByConsole.isEmpty();
      for (Set<Long> shown : shownByConsole) {
        everyConsole &= shown.contains(id);
      }
      if (!everyConsole) {
        byConsoles++;
      }
      if (!messaged.contains(id)) {
        byPhones++;
      }
      if ((!everyConsole || !messaged.contains(id)) && examples.size() < EXAMPLES) {
        examples.add(id);
      }
    }
    return new ReachTally(alertIds.size(), byConsoles, byPhones, shownTwice, examples);
  }
}
