package org.huxin.engine.renorm;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.huxin.engine.city.CitySpec;
import org.huxin.engine.city.SchoolStage;
import org.huxin.engine.city.SyntheticAnswers;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.results.ResultJson;
import org.huxin.engine.results.ResultRow;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WindowResultQueries;
import org.huxin.engine.results.WindowResultQueries.TierCounts;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.scoring.AnswerRejectedException;
import org.huxin.engine.scoring.CompiledBattery;
import org.huxin.engine.scoring.FiredRule;
import org.huxin.engine.scoring.Respondent;
import org.huxin.engine.scoring.ScoredResult;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.PgPoolConfig;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.ScaleLibrary;

/**
 * Seeds a closed window of synthetic results for rehearsing local norms and re-scoring: a city of
 * junior and senior schools (grades 7–12) bulk-loaded into an empty roster, a city-wide window on
 * the default batteries, one self-report per student for the first {@code results} students,
 * answered by {@link SyntheticAnswers}, scored by the real engine under the shipped norms and
 * stored through the group-commit {@link ResultWriter} exactly as submits are; then the window is
 * closed.
 */
public final class SyntheticWindow {

  /** Students per class in the seeded city. */
  static final int STUDENTS_PER_CLASS = 40;

  /** Results queued to the writer before waiting for them. */
  private static final int CHUNK = 10_000;

  /**
   * What was seeded.
   *
   * @param window the closed window
   * @param tiers its results per tier
   * @param rosterTook loading the city's roster
   * @param resultsTook scoring and storing the results
   */
  public record Seeded(Window window, TierCounts tiers, Duration rosterTook, Duration resultsTook) {
    public Seeded {
      Objects.requireNonNull(window, "window");
      Objects.requireNonNull(tiers, "tiers");
      Objects.requireNonNull(rosterTook, "rosterTook");
      Objects.requireNonNull(resultsTook, "resultsTook");
    }
  }

  private SyntheticWindow() {}

  /**
   * A city of junior and senior schools with at least {@code students} students in grades 7–12: one
   * junior and one senior school per district while 99 districts suffice (237,600 students), and
   * beyond that 20 districts of as many junior–senior pairs as needed (up to 2,352,000).
   */
  public static CitySpec citySpec(int students) {
    if (students < 1) {
      throw new IllegalArgumentException("students must be positive, got " + students);
    }
    int perClassRow = 2 * 3 * STUDENTS_PER_CLASS;
    int classes = Math.min(10, (students + perClassRow - 1) / perClassRow);
    int pairs = (students + perClassRow * classes - 1) / (perClassRow * classes);
    int districts = pairs;
    int pairsPerDistrict = 1;
    if (pairs > 99) {
      districts = 20;
      pairsPerDistrict = (pairs + districts - 1) / districts;
      districts = (pairs + pairsPerDistrict - 1) / pairsPerDistrict;
    }
    if (2 * pairsPerDistrict > 99) {
      throw new IllegalArgumentException(
          students + " students need more than 99 schools per district; seed at most 2,352,000");
    }
    return new CitySpec(
        districts,
        2 * pairsPerDistrict,
        List.of(SchoolStage.JUNIOR, SchoolStage.SENIOR),
        classes,
        STUDENTS_PER_CLASS,
        CitySpec.DEFAULT_SCHOOL_YEAR);
  }

  /**
   * Loads a city into the store's (empty) roster and stores one scored result for each of its first
   * {@code results} students in a new window, which ends closed.
   *
   * @throws org.huxin.engine.store.DuplicateKeyException if the roster already holds the city's
   *     district or school codes
   */
  public static Seeded seed(
      Store store, ScaleLibrary library, NameCipher cipher, int results, long seed, Clock clock) {
    Objects.requireNonNull(store, "store");
    long start = System.nanoTime();
    List<RosterEntry> roster = loadCity(store, cipher, results, seed);
    Duration rosterTook = Duration.ofNanos(System.nanoTime() - start);
    Seeded seeded = window(store, library, roster, results, seed, clock);
    return new Seeded(seeded.window(), seeded.tiers(), rosterTook, seeded.resultsTook());
  }

  /**
   * Bulk-loads the city of {@link #citySpec} for {@code students} into the store's (empty) roster
   * and returns the roster, ordered by id.
   */
  public static List<RosterEntry> loadCity(
      Store store, NameCipher cipher, int students, long seed) {
    new RosterStore(store.dataSource())
        .bulkLoad(SyntheticCity.generate(seed, citySpec(students)), cipher);
    return new RosterStore(store.dataSource()).loadRoster();
  }

  /**
   * Stores one scored result for each of the first {@code results} students of {@code roster} in a
   * new window, which ends closed. Every call makes a new window, so one roster serves many.
   */
  public static Seeded window(
      Store store,
      ScaleLibrary library,
      List<RosterEntry> roster,
      int results,
      long seed,
      Clock clock) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(library, "library");
    Objects.requireNonNull(clock, "clock");
    long start = System.nanoTime();
    Instant opens = clock.instant().minus(Duration.ofDays(10));
    Instant closes = opens.plus(Duration.ofDays(7));
    Window window =
        new WindowStore(store.dataSource())
            .create(
                NewWindow.cityWide(
                    "synthetic window of " + results + " results",
                    7,
                    12,
                    Map.of("7-9", "g7-9", "10-12", "g10-12"),
                    opens,
                    closes));
    new WindowStore(store.dataSource()).setStatus(window.id(), WindowStatus.OPEN);
    int written =
        fill(store, library, window, roster, student -> true, results, seed, opens, closes);
    if (written < results) {
      throw new IllegalArgumentException(
          "the roster has "
              + written
              + " students in grades 7–12, fewer than the "
              + results
              + " results asked for");
    }
    Window closed = new WindowStore(store.dataSource()).setStatus(window.id(), WindowStatus.CLOSED);
    TierCounts tiers = new WindowResultQueries(store.dataSource()).tierCounts(window.id());
    return new Seeded(closed, tiers, Duration.ZERO, Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Stores one scored result for each student of {@code roster} that {@code window} screens and
   * {@code pick} accepts, up to {@code limit}, submitted at seeded times in [{@code from}, {@code
   * to}), through the group-commit writer (crisis results get their outbox rows, as for real
   * submits). Leaves the window's state as it is and returns how many results it stored.
   */
  public static int fill(
      Store store,
      ScaleLibrary library,
      Window window,
      List<RosterEntry> roster,
      Predicate<RosterEntry> pick,
      int limit,
      long seed,
      Instant from,
      Instant to) {
    long spanSeconds = Duration.between(from, to).toSeconds();
    if (spanSeconds < 1) {
      throw new IllegalArgumentException("from must be before to, got " + from + " and " + to);
    }
    ScoringEngine engine = ScoringEngine.compile(library, window.ruleSetId());
    Map<String, SyntheticAnswers> answerers = new HashMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    int written = 0;
    // An offline fill: its own Vert.x and pool for the writer, closed when it is done.
    Vertx vertx = Vertx.vertx();
    Pool pool = store.pool(vertx, PgPoolConfig.DEFAULT);
    try (ResultWriter writer = new ResultWriter(pool, new WriterConfig(5_000, CHUNK))) {
      List<CompletableFuture<?>> pending = new ArrayList<>(CHUNK);
      for (RosterEntry student : roster) {
        if (written == limit) {
          break;
        }
        Optional<String> batteryId = window.batteryFor(student.grade());
        if (batteryId.isEmpty()
            || !window.inScope(student.districtId(), student.schoolId(), student.grade())
            || !pick.test(student)) {
          continue;
        }
        CompiledBattery battery = engine.battery(batteryId.get());
        SyntheticAnswers answers =
            answerers.computeIfAbsent(
                battery.id(),
                id -> new SyntheticAnswers(library, battery.definition(), seed + id.hashCode()));
        Instant submitted = from.plusSeconds(random.nextLong(spanSeconds));
        pending.add(
            writer.submit(row(window, student, battery, answers, submitted, random.nextLong())));
        written++;
        if (pending.size() == CHUNK) {
          CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
          pending.clear();
        }
      }
      CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    } finally {
      // One after the other, each waited for here: a future chained onto a Vert.x that is closing
      // completes on its terminated event loop, i.e. never.
      pool.close().toCompletionStage().toCompletableFuture().join();
      vertx.close().toCompletionStage().toCompletableFuture().join();
    }
    return written;
  }

  /**
   * One scored synthetic result for each of the first {@code count} students of {@code roster} that
   * {@code window} screens, submitted at {@code submitted}: what {@link #fill} writes, for a caller
   * that times the writing alone (the writer benchmark).
   */
  public static List<ResultRow> rows(
      ScaleLibrary library,
      Window window,
      List<RosterEntry> roster,
      int count,
      long seed,
      Instant submitted) {
    ScoringEngine engine = ScoringEngine.compile(library, window.ruleSetId());
    Map<String, SyntheticAnswers> answerers = new HashMap<>();
    SplittableRandom random = new SplittableRandom(seed);
    List<ResultRow> rows = new ArrayList<>(count);
    for (RosterEntry student : roster) {
      if (rows.size() == count) {
        break;
      }
      Optional<String> batteryId = window.batteryFor(student.grade());
      if (batteryId.isEmpty()
          || !window.inScope(student.districtId(), student.schoolId(), student.grade())) {
        continue;
      }
      CompiledBattery battery = engine.battery(batteryId.get());
      SyntheticAnswers answers =
          answerers.computeIfAbsent(
              battery.id(),
              id -> new SyntheticAnswers(library, battery.definition(), seed + id.hashCode()));
      rows.add(row(window, student, battery, answers, submitted, random.nextLong()));
    }
    return rows;
  }

  private static ResultRow row(
      Window window,
      RosterEntry student,
      CompiledBattery battery,
      SyntheticAnswers answerer,
      Instant submitted,
      long key) {
    SyntheticAnswers.Submission submission = answerer.next(student.grade(), student.sex());
    ScoredResult scored;
    try {
      scored =
          battery.score(
              submission.answers(),
              submission.millis(),
              new Respondent(student.grade(), student.sex()));
    } catch (AnswerRejectedException e) {
      throw new IllegalStateException("a synthetic submission was rejected: " + e.getMessage(), e);
    }
    long millis = 0;
    for (int m : submission.millis()) {
      millis += m;
    }
    int duration = (int) Math.min(Integer.MAX_VALUE, millis + 20_000);
    return new ResultRow(
        window.id(),
        student.id(),
        battery.form(),
        student.districtId(),
        student.schoolId(),
        student.classId(),
        student.grade(),
        student.sex(),
        battery.id(),
        scored.batteryVersion(),
        scored.normVersion(),
        battery.compactAnswers(submission.answers()),
        ResultJson.scores(scored),
        scored.tier().level(),
        scored.crisis(),
        scored.crisisLevelCode(),
        battery.escalateAfterSeconds(scored),
        scored.validity().code(),
        scored.firedRules().stream().map(FiredRule::ruleId).toArray(String[]::new),
        submitted.minusMillis(duration),
        submitted,
        duration,
        new UUID(key, student.id()));
  }
}
