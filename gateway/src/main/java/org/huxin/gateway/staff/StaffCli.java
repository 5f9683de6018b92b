package org.huxin.gateway.staff;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.huxin.engine.staff.AccountChange;
import org.huxin.engine.staff.Actor;
import org.huxin.engine.staff.ManagedAccount;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.NoSuchAccountException;
import org.huxin.engine.staff.Scope;
import org.huxin.engine.staff.StaffAccount;
import org.huxin.engine.staff.StaffAccountStore;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.PgPoolConfig;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.engine.store.StoreException;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.auth.StaffSessions;

/**
 * {@code ./huxin staff add|list|disable|enable|reset-password}: the first city admin of a fresh
 * deployment, and the operators' way to any account. The store is opened as the gateway opens it
 * ({@code PG_URL}, or the embedded PostgreSQL under {@code HUXIN_HOME}). {@code add} and {@code
 * reset-password} print a one-time password once, on stdout only (never a log); its first sign-in
 * must change it. Each change is audited with the actor role {@code cli}; running nodes learn of a
 * disable or a reset from their re-read of revoked sessions within {@link StaffSessions#POLL}. Exit
 * code 0 on success, 1 on a failure, 2 on a usage error. It calls the gateway's own reactive
 * account store and waits for each answer on the command line's thread, which is no event loop.
 */
public final class StaffCli {
  static final String USAGE =
      """
      usage:
        ./huxin staff add --role ROLE --username U --name NAME [--district ID] [--school ID] [--class ID]
            create an account and print its one-time password; ROLE is city_admin, district_admin,
            school_psychologist, head_teacher or ops (a district admin needs --district, a
            psychologist --school, a head teacher --class)
        ./huxin staff list [--role ROLE] [--district ID] [--school ID]
        ./huxin staff disable --username U      end every session of the account and refuse sign-in
        ./huxin staff enable --username U
        ./huxin staff reset-password --username U
            print a new one-time password; every session of the account ends
      """;

  /** Letters and digits that cannot be mistaken for one another when read aloud or copied. */
  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

  private static final SecureRandom RANDOM = new SecureRandom();

  private static final StaffAccountStore ACCOUNTS = new StaffAccountStore();

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  /** A command line reading {@code env}, printing to {@code out} and {@code err}. */
  public StaffCli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public static void main(String[] args) {
    int code = new StaffCli(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args);
    System.exit(code);
  }

  /** A one-time password: 16 characters of {@link #ALPHABET} (79 bits) in groups of four. */
  static String oneTimePassword() {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      if (i > 0 && i % 4 == 0) {
        b.append('-');
      }
      b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return b.toString();
  }

  /** Runs one command ({@code args[0]} is {@code staff}, as the launcher passes it). */
  public int run(String[] args) {
    try {
      int first = args.length > 0 && args[0].equals("staff") ? 1 : 0;
      if (args.length <= first) {
        throw new UsageException("staff needs a subcommand");
      }
      String command = args[first];
      Map<String, String> options = options(args, first + 1);
      return switch (command) {
        case "add" -> add(options);
        case "list" -> list(options);
        case "disable" -> setDisabled(options, true);
        case "enable" -> setDisabled(options, false);
        case "reset-password" -> reset(options);
        default -> throw new UsageException("unknown staff subcommand '" + command + "'");
      };
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (StoreException | IllegalArgumentException | NoSuchAccountException e) {
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private int add(Map<String, String> options) {
    allow(options, "role", "username", "name", "district", "school", "class");
    StaffRole role = StaffRole.fromCode(required(options, "role"));
    String username = required(options, "username");
    String name = required(options, "name");
    if (username.length() > 64 || username.isBlank()) {
      throw new UsageException("--username must be 1..64 characters");
    }
    String password = oneTimePassword();
    try (Db db = openStore()) {
      Scope scope =
          ACCOUNTS
              .scopeOf(
                  db.pool,
                  role,
                  id(options, "district"),
                  id(options, "school"),
                  id(options, "class"))
              .await();
      NewStaffAccount account =
          new NewStaffAccount(
              username,
              PasswordHasher.hash(password),
              role,
              scope.districtId(),
              scope.schoolId(),
              scope.classId(),
              name);
      ManagedAccount created;
      try {
        created = db.tx(tx -> ACCOUNTS.create(tx, Actor.cli(), account, true));
      } catch (DuplicateKeyException e) {
        err.println("error: the username " + username + " is taken");
        return 1;
      }
      out.println("created " + describe(created));
      printPassword(password);
      return 0;
    }
  }

  private int list(Map<String, String> options) {
    allow(options, "role", "district", "school");
    StaffRole role = options.containsKey("role") ? StaffRole.fromCode(options.get("role")) : null;
    try (Db db = openStore()) {
      List<ManagedAccount> found =
          ACCOUNTS
              .list(db.pool, role, id(options, "district"), id(options, "school"), 10_000)
              .await();
      for (ManagedAccount a : found) {
        out.println(describe(a));
      }
      err.println(found.size() + " accounts");
      return 0;
    }
  }

  private int setDisabled(Map<String, String> options, boolean disabled) {
    allow(options, "username");
    try (Db db = openStore()) {
      ManagedAccount a = byUsername(db, required(options, "username"));
      AccountChange change =
          db.tx(tx -> ACCOUNTS.setDisabled(tx, Actor.cli(), a.id(), disabled, clock.instant()));
      out.println((disabled ? "disabled " : "enabled ") + describe(change.account()));
      if (disabled) {
        out.println(
            change.revokedSessions().size()
                + " open sessions ended; running nodes refuse them within "
                + StaffSessions.POLL.toSeconds()
                + " s");
      }
      return 0;
    }
  }

  private int reset(Map<String, String> options) {
    allow(options, "username");
    String password = oneTimePassword();
    try (Db db = openStore()) {
      ManagedAccount a = byUsername(db, required(options, "username"));
      String hash = PasswordHasher.hash(password);
      AccountChange change =
          db.tx(tx -> ACCOUNTS.resetPassword(tx, Actor.cli(), a.id(), hash, clock.instant()));
      out.println("reset " + describe(change.account()));
      printPassword(password);
      return 0;
    }
  }

  private void printPassword(String password) {
    out.println(
        "one-time password (shown this once; the first sign-in must change it): " + password);
  }

  private static ManagedAccount byUsername(Db db, String username) {
    return ACCOUNTS
        .findByUsername(db.pool, username)
        .await()
        .orElseThrow(() -> new IllegalArgumentException("no staff account " + username));
  }

  private static String describe(ManagedAccount m) {
    StaffAccount a = m.account();
    StringBuilder b =
        new StringBuilder()
            .append("account ")
            .append(a.id())
            .append(' ')
            .append(a.username())
            .append(" (")
            .append(a.role().code());
    if (a.districtId() != null) {
      b.append(", district ").append(a.districtId());
    }
    if (a.schoolId() != null) {
      b.append(", school ").append(a.schoolId());
    }
    if (a.classId() != null) {
      b.append(", class ").append(a.classId());
    }
    b.append(')');
    if (a.disabled()) {
      b.append(" disabled");
    }
    if (m.mustChangePassword()) {
      b.append(" one-time-password");
    }
    if (m.totp()) {
      b.append(" totp");
    }
    return b.toString();
  }

  private Db openStore() {
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin"));
    Store store = Store.open(StoreConfig.fromEnv(env, home));
    Vertx vertx = Vertx.vertx();
    return new Db(store, vertx, store.pool(vertx, PgPoolConfig.DEFAULT));
  }

  /** The store opened as the gateway opens it, with a reactive pool on a Vert.x of its own. */
  private record Db(Store store, Vertx vertx, Pool pool) implements AutoCloseable {
    /** Runs {@code work} in one transaction and waits for it on this (non-Vert.x) thread. */
    <T> T tx(Function<SqlConnection, Future<T>> work) {
      return pool.withTransaction(work).await();
    }

    @Override
    public void close() {
      try {
        pool.close().await();
        vertx.close().await();
      } finally {
        store.close();
      }
    }
  }

  private static String required(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null || value.isBlank()) {
      throw new UsageException("--" + name + " is required");
    }
    return value.strip();
  }

  private static Long id(Map<String, String> options, String name) {
    String value = options.get(name);
    if (value == null) {
      return null;
    }
    try {
      long id = Long.parseLong(value.strip());
      if (id < 1) {
        throw new NumberFormatException();
      }
      return id;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a positive id, got '" + value + "'");
    }
  }

  private static Map<String, String> options(String[] args, int from) {
    Map<String, String> options = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new UsageException(arg + " needs a value");
      }
      String name = arg.substring(2).toLowerCase(Locale.ROOT);
      if (options.put(name, args[++i]) != null) {
        throw new UsageException(arg + " is given twice");
      }
    }
    return options;
  }

  private static void allow(Map<String, String> options, String... names) {
    List<String> allowed = List.of(names);
    for (String name : options.keySet()) {
      if (!allowed.contains(name)) {
        throw new UsageException("unknown option --" + name);
      }
    }
  }

  /** The command line is wrong; the usage is printed with the message. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
