package org.huxin.loadtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.renorm.SyntheticWindow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;

/**
 * Seeds a rehearsal: a synthetic city of at least {@code --students} students (grades 7–12) bulk
 * loaded into the empty store of {@code HUXIN_HOME} (or {@code PG_URL}), one open city-wide window,
 * and a feeder CSV {@code schoolCode,studentNo,accessCode,studentId,grade,sex} of exactly {@code
 * --students} consenting students in its scope, with their HMAC access codes. Prints how long each
 * step took and ends with one {@code REHEARSAL key=value ...} line for scripts.
 *
 * <pre>
 * HUXIN_HOME=/tmp/r java -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.Rehearsal --students 2000 --feeder /tmp/r/students.csv
 * </pre>
 */
public final class Rehearsal {
  /** The seed of the city and of every student's answers unless {@code --seed} says otherwise. */
  public static final long DEFAULT_SEED = 20261122L;

  /** Extra students seeded so that enough of them have consent (about 97% do). */
  private static final double CONSENT_SLACK = 1.05;

  private Rehearsal() {}

  /** What was seeded and how long it took. */
  record Seeded(int rosterSize, int feederRows, long windowId, Duration roster, Duration window) {}

  public static void main(String[] args) {
    int students = 0;
    Path feeder = null;
    long seed = DEFAULT_SEED;
    int staff = 0;
    Path staffFeeder = null;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        usage(args[i] + " needs a value");
      }
      String value = args[++i];
      switch (args[i - 1]) {
        case "--students" -> students = Integer.parseInt(value);
        case "--feeder" -> feeder = Path.of(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--staff" -> staff = Integer.parseInt(value);
        case "--staff-feeder" -> staffFeeder = Path.of(value);
        default -> usage("unknown flag " + args[i - 1]);
      }
    }
    if (students < 1 || feeder == null) {
      usage("give --students N (at least 1) and --feeder <csv path>");
    }
    Map<String, String> env = System.getenv();
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")).toAbsolutePath();
    long start = System.nanoTime();
    Seeded seeded;
    try (Store store = Store.openForJob(StoreConfig.fromEnv(env, home))) {
      Duration opened = Duration.ofNanos(System.nanoTime() - start);
      System.out.printf("store open and migrated in %d ms%n", opened.toMillis());
      seeded = seed(store, NameCipher.fromEnv(env, home), students, seed, feeder, Instant.now());
      if (staff > 0) {
        if (staffFeeder == null) {
          usage("--staff needs --staff-feeder <csv path>");
        }
        int accounts = StaffAccounts.seed(store, staff, staffFeeder);
        System.out.printf("%d staff consoles' accounts written to %s%n", accounts, staffFeeder);
      }
    }
    System.out.printf(
        "roster of %,d students loaded in %d ms; window %d opened and %,d access codes written to"
            + " %s in %d ms%n",
        seeded.rosterSize(),
        seeded.roster().toMillis(),
        seeded.windowId(),
        seeded.feederRows(),
        feeder,
        seeded.window().toMillis());
    System.out.printf(
        "REHEARSAL seeded=%d feeder_rows=%d window=%d seed=%d roster_ms=%d window_ms=%d"
            + " total_ms=%d%n",
        seeded.rosterSize(),
        seeded.feederRows(),
        seeded.windowId(),
        seed,
        seeded.roster().toMillis(),
        seeded.window().toMillis(),
        Duration.ofNanos(System.nanoTime() - start).toMillis());
  }

  /**
   * Loads the city into the store's empty roster, opens a city-wide window from an hour before
   * {@code now} for a week, and writes the feeder of {@code students} consenting students.
   *
   * @throws IllegalStateException if the roster is not empty or too few students have consent
   */
  static Seeded seed(
      Store store, NameCipher cipher, int students, long seed, Path feeder, Instant now) {
    if (!new RosterStore(store.dataSource()).loadRoster().isEmpty()) {
      throw new IllegalStateException(
          "the store already holds a roster; rehearse on a fresh HUXIN_HOME (or an empty PG_URL)");
    }
    long start = System.nanoTime();
    int wanted = (int) Math.min(Integer.MAX_VALUE - 1, Math.ceil(students * CONSENT_SLACK));
    new RosterStore(store.dataSource())
        .bulkLoad(SyntheticCity.generate(seed, SyntheticWindow.citySpec(wanted)), cipher);
    List<RosterEntry> roster = new RosterStore(store.dataSource()).loadRoster();
    Duration rosterTook = Duration.ofNanos(System.nanoTime() - start);

    start = System.nanoTime();
    Window created =
        new WindowStore(store.dataSource())
            .create(
                NewWindow.cityWide(
                    "capacity rehearsal of " + students + " students",
                    7,
                    12,
                    StudentAnswers.BATTERIES,
                    now.minus(Duration.ofHours(1)),
                    now.plus(Duration.ofDays(7))));
    Window window = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    int rows = writeFeeder(feeder, roster, window, students);
    if (rows < students) {
      throw new IllegalStateException(
          "only "
              + rows
              + " of the "
              + roster.size()
              + " seeded students have consent and are in scope; "
              + students
              + " were asked for");
    }
    return new Seeded(
        roster.size(), rows, window.id(), rosterTook, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Writes up to {@code limit} consenting in-scope students and their codes; returns how many. */
  private static int writeFeeder(Path file, List<RosterEntry> roster, Window window, int limit) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      int rows = 0;
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write("schoolCode,studentNo,accessCode,studentId,grade,sex\n");
        for (RosterEntry e : roster) {
          if (rows == limit) {
            break;
          }
          if (e.consent() && window.inScope(e.districtId(), e.schoolId(), e.grade())) {
            out.write(e.schoolCode());
            out.write(',');
            out.write(e.studentNo());
            out.write(',');
            out.write(AccessCodes.code(window.codeSecret(), window.id(), e.id()));
            out.write(',');
            out.write(Long.toString(e.id()));
            out.write(',');
            out.write(Integer.toString(e.grade()));
            out.write(',');
            out.write(e.sex());
            out.write('\n');
            rows++;
          }
        }
      }
      return rows;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the feeder " + file, e);
    }
  }

  private static void usage(String problem) {
    System.err.println("rehearsal: " + problem);
    System.err.println(
        "usage: HUXIN_HOME=<fresh dir> java ... org.huxin.loadtest.Rehearsal --students N"
            + " --feeder <csv> [--seed S] [--staff N --staff-feeder <csv>]");
    System.exit(2);
  }
}
