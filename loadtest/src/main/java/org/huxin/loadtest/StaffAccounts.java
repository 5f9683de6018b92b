package org.huxin.loadtest;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.gateway.auth.PasswordHasher;

/**
 * Seeds the staff side of a rehearsal: {@code consoles} staff accounts over the synthetic city
 * already in the store, and a Gatling feeder {@code username,password,role} for {@code StaffWatch}.
 * The accounts are, in this order, one city admin ({@code rehearsal.city}), one district admin per
 * district ({@code rehearsal.district-<districtId>}) and school psychologists dealt round-robin
 * over the schools ({@code rehearsal.psy-<schoolId>-<n>}, several per school when there are more
 * consoles than schools); fewer consoles than {@code 1 + districts} leave the last districts and
 * all schools without one.
 *
 * <p>All accounts of one seeding share one random password and so one Argon2id hash. Hashing costs
 * about 60 ms of CPU per account here (200 accounts took 19 s even in parallel on the two busy
 * cores), while a shared hash is computed once; the gateway's cost per login is the same either
 * way, since verifying runs the full Argon2id whatever the salt. The accounts are throw-away, like
 * the fresh store they live in.
 *
 * <pre>
 * HUXIN_HOME=/tmp/r java -cp loadtest/target/classes:gateway/target/huxin-gateway.jar \
 *     org.huxin.loadtest.StaffAccounts --staff 200 --staff-feeder /tmp/r/staff.csv
 * </pre>
 */
public final class StaffAccounts {
  /** First line of the feeder. */
  public static final String HEADER = "username,password,role";

  /** Every rehearsal account's username starts with this. */
  public static final String PREFIX = "rehearsal.";

  private static final String CITY_ADMIN = PREFIX + "city";
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  private static final int PASSWORD_LENGTH = 16;

  private StaffAccounts() {}

  /** One account to create, before its password is hashed. */
  private record Planned(
      String username, StaffRole role, Long districtId, Long schoolId, String displayName) {}

  public static void main(String[] args) {
    int staff = 0;
    Path feeder = null;
    for (int i = 0; i < args.length; i++) {
      if (i + 1 >= args.length) {
        usage(args[i] + " needs a value");
      }
      String value = args[++i];
      switch (args[i - 1]) {
        case "--staff" -> staff = Integer.parseInt(value);
        case "--staff-feeder" -> feeder = Path.of(value);
        default -> usage("unknown flag " + args[i - 1]);
      }
    }
    if (staff < 1 || feeder == null) {
      usage("give --staff N (at least 1) and --staff-feeder <csv path>");
    }
    Map<String, String> env = System.getenv();
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")).toAbsolutePath();
    long start = System.nanoTime();
    int created;
    try (Store store = Store.open(StoreConfig.fromEnv(env, home))) {
      created = seed(store, staff, feeder);
    }
    long took = Duration.ofNanos(System.nanoTime() - start).toMillis();
    System.out.printf(
        "%d staff accounts created and written to %s in %d ms%n", created, feeder, took);
    System.out.printf("STAFF accounts=%d total_ms=%d%n", created, took);
  }

  /**
   * Creates {@code consoles} rehearsal staff accounts over the city in {@code store} and writes
   * their usernames, plain passwords and role codes to {@code feeder}; returns how many.
   *
   * @throws IllegalArgumentException if {@code consoles} is less than 1
   * @throws IllegalStateException if the store has no roster or already holds rehearsal accounts
   */
  public static int seed(Store store, int consoles, Path feeder) {
    if (consoles < 1) {
      throw new IllegalArgumentException("consoles must be at least 1, got " + consoles);
    }
    if (new StaffStore(store.dataSource()).findByUsername(CITY_ADMIN).isPresent()) {
      throw new IllegalStateException(
          "the store already holds rehearsal staff accounts; rehearse on a fresh HUXIN_HOME");
    }
    List<Planned> planned = plan(store, consoles);
    String password = password(new SecureRandom());
    String hash = PasswordHasher.hash(password);
    for (Planned p : planned) {
      new StaffStore(store.dataSource())
          .create(
              new NewStaffAccount(
                  p.username(),
                  hash,
                  p.role(),
                  p.districtId(),
                  p.schoolId(),
                  null,
                  p.displayName()));
    }
    writeFeeder(feeder, planned, password);
    return planned.size();
  }

  /** The accounts for {@code consoles} consoles, in feeder order. */
  private static List<Planned> plan(Store store, int consoles) {
    Map<Long, Long> districtOfSchool = new TreeMap<>();
    new RosterStore(store.dataSource())
        .forEachStudent(e -> districtOfSchool.putIfAbsent(e.schoolId(), e.districtId()));
    if (districtOfSchool.isEmpty()) {
      throw new IllegalStateException(
          "the store holds no roster; seed the city first (org.huxin.loadtest.Rehearsal)");
    }
    List<Planned> planned = new ArrayList<>(consoles);
    planned.add(new Planned(CITY_ADMIN, StaffRole.CITY_ADMIN, null, null, "演练市管理员"));
    for (long district : new TreeSet<>(districtOfSchool.values())) {
      if (planned.size() == consoles) {
        return planned;
      }
      planned.add(
          new Planned(
              PREFIX + "district-" + district,
              StaffRole.DISTRICT_ADMIN,
              district,
              null,
              "演练区管理员 " + district));
    }
    List<Long> schools = List.copyOf(districtOfSchool.keySet());
    for (int n = 0; planned.size() < consoles; n++) {
      long school = schools.get(n % schools.size());
      int round = n / schools.size() + 1;
      planned.add(
          new Planned(
              PREFIX + "psy-" + school + "-" + round,
              StaffRole.SCHOOL_PSYCHOLOGIST,
              districtOfSchool.get(school),
              school,
              "演练心理老师 " + school + "-" + round));
    }
    return planned;
  }

  private static String password(SecureRandom random) {
    StringBuilder sb = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  private static void writeFeeder(Path file, List<Planned> planned, String password) {
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(HEADER);
        out.write('\n');
        for (Planned p : planned) {
          out.write(p.username());
          out.write(',');
          out.write(password);
          out.write(',');
          out.write(p.role().code());
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the staff feeder " + file, e);
    }
  }

  private static void usage(String problem) {
    System.err.println("staff accounts: " + problem);
    System.err.println(
        "usage: HUXIN_HOME=<seeded dir> java ... org.huxin.loadtest.StaffAccounts --staff N"
            + " --staff-feeder <csv>");
    System.exit(2);
  }
}
