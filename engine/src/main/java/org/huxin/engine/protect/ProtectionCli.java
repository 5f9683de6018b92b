package org.huxin.engine.protect;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.engine.store.StoreException;

/**
 * {@code ./huxin keys rotate} and {@code ./huxin retention}: re-encrypt every name and note under a
 * new data key, and archive then retire the results of long-closed windows. The store is opened as
 * {@code RenormCli} opens it ({@code PG_URL}, or the embedded PostgreSQL under {@code HUXIN_HOME}).
 * Results go to stdout, progress to stderr. Exit code 0 on success, 1 on a failure or an incomplete
 * rotation (the message says what to do), 2 on a usage error.
 */
public final class ProtectionCli {

  static final String USAGE =
      """
      usage:
        ./huxin keys rotate [--batch 1000]
            re-encrypt every student name and follow-up note under HUXIN_DATA_KEY, reading the old
            ciphertexts with HUXIN_DATA_KEY_OLD (each base64 of 32 bytes); a re-run resumes
        ./huxin retention --older-than-years Y --archive DIR [--dry-run]
            archive (COPY to DIR/window-<id>/*.csv.gz.enc, encrypted under HUXIN_ARCHIVE_KEY or a
            key derived from HUXIN_DATA_KEY, with a manifest.json) and detach the result partitions
            of windows that closed more than Y years ago; --dry-run only lists them
        ./huxin retention restore DIR/window-<id>
            check every file of an archive (manifest, SHA-256, every encrypted chunk) and load the
            window's results back; a changed file refuses the whole restore
      """;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  ProtectionCli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public static void main(String[] args) {
    int code =
        new ProtectionCli(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args);
    System.exit(code);
  }

  /** Runs one command and returns its exit code. */
  int run(String[] args) {
    try {
      if (args.length == 0) {
        throw new UsageException("no command given");
      }
      return switch (args[0]) {
        case "keys" -> {
          if (args.length < 2 || !args[1].equals("rotate")) {
            throw new UsageException(
                args.length < 2
                    ? "keys needs a subcommand: rotate"
                    : "unknown keys subcommand '" + args[1] + "'");
          }
          yield rotate(options(args, 2));
        }
        case "retention" ->
            args.length > 1 && args[1].equals("restore")
                ? restore(args)
                : retention(options(args, 1));
        default -> throw new UsageException("unknown command '" + args[0] + "'");
      };
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (ProtectionException
        | NameCipherException
        | StoreException
        | IllegalArgumentException e) {
      err.println();
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private int rotate(Map<String, String> options) {
    allow(options, "batch");
    int batch = (int) number(options, "batch", KeyRotationBatch.DEFAULT_BATCH, 100_000);
    for (String name : List.of("HUXIN_DATA_KEY", "HUXIN_DATA_KEY_OLD")) {
      String value = env.get(name);
      if (value == null || value.isBlank()) {
        throw new UsageException(
            name
                + " is not set; keys rotate reads the new key from HUXIN_DATA_KEY and the old one"
                + " from HUXIN_DATA_KEY_OLD (base64 of 32 bytes each; to leave the development key,"
                + " HUXIN_DATA_KEY_OLD=$(cat $HUXIN_HOME/dev-data-key))");
      }
    }
    NameCipher newKey = NameCipher.fromEncodedKey(env.get("HUXIN_DATA_KEY"), "HUXIN_DATA_KEY");
    NameCipher oldKey =
        NameCipher.fromEncodedKey(env.get("HUXIN_DATA_KEY_OLD"), "HUXIN_DATA_KEY_OLD");
    // Two keys with one key id cannot be told apart: fail before the store is opened.
    newKey.alsoReading(oldKey);
    try (Store store = openStore()) {
      KeyRotationBatch rotation = new KeyRotationBatch(store.dataSource(), oldKey, newKey, batch);
      err.printf(
          Locale.ROOT,
          "re-encrypting %s from key id %d to key id %d, %,d rows per transaction...%n",
          KeyRotationBatch.COLUMNS,
          oldKey.keyId() & 0xff,
          newKey.keyId() & 0xff,
          batch);
      KeyRotationBatch.Report report = rotation.rotate(this::progress);
      for (KeyRotationBatch.ColumnReport column : report.columns()) {
        out.printf(
            Locale.ROOT,
            "%s: %,d values, %,d re-encrypted now, %,d already under the new key, %,d under neither"
                + " key%n",
            column.column(),
            column.total(),
            column.reencrypted(),
            column.alreadyCurrent(),
            column.foreign());
      }
      out.printf(
          Locale.ROOT,
          "rotated %,d values in %.1f s (%,.0f rows/s)%n",
          report.reencrypted(),
          report.took().toNanos() / 1e9,
          report.rowsPerSecond());
      if (report.foreign() > 0) {
        err.printf(
            Locale.ROOT,
            "%,d values are under neither key and were left as they are:%n",
            report.foreign());
        report.foreignListed().forEach(f -> err.println("  " + f));
        if (report.foreign() > report.foreignListed().size()) {
          err.printf(
              Locale.ROOT,
              "  ... and %,d more%n",
              report.foreign() - report.foreignListed().size());
        }
      }
      if (report.leftUnderOldKey() > 0) {
        err.printf(
            Locale.ROOT,
            "%,d values were written under the old key while the rotation ran; run keys rotate"
                + " again once every gateway uses the new key%n",
            report.leftUnderOldKey());
      }
      if (!report.complete()) {
        err.println("error: the rotation is not complete (see above)");
        return 1;
      }
      return 0;
    }
  }

  private void progress(KeyRotationBatch.Progress p) {
    err.printf(
        Locale.ROOT,
        "  %s: %,d / %,d rows (%.1f %%)  %.1f s%n",
        p.column(),
        p.done(),
        p.total(),
        100 * p.fraction(),
        p.elapsed().toNanos() / 1e9);
    err.flush();
  }

  private int retention(Map<String, String> options) {
    allow(options, "older-than-years", "archive", "dry-run");
    if (!options.containsKey("older-than-years")) {
      throw new UsageException("--older-than-years is required");
    }
    int years = (int) number(options, "older-than-years", 0, 100);
    String archive = options.get("archive");
    if (archive == null || archive.isBlank()) {
      throw new UsageException("--archive DIR is required (where the archive files go)");
    }
    boolean dryRun = options.containsKey("dry-run");
    Path dir = Path.of(archive);
    try (Store store = openStore()) {
      RetentionBatch retention = new RetentionBatch(store.dataSource(), archiveCipher(), clock);
      RetentionBatch.Outcome outcome = retention.run(years, dir, dryRun, err::println);
      if (outcome.planned().isEmpty()) {
        out.printf(
            Locale.ROOT,
            "nothing to archive: no window that closed before %s still has results%n",
            outcome.cutoff());
        return 0;
      }
      out.printf(
          Locale.ROOT,
          "%swindows that closed before %s (%d years):%n",
          dryRun ? "dry run, nothing changed; " : "",
          outcome.cutoff(),
          years);
      for (RetentionBatch.WindowPlan w : outcome.planned()) {
        out.printf(
            Locale.ROOT,
            "window %d '%s', status %s, closed at %s: %d partitions, %,d rows, %,d alerts%n",
            w.windowId(),
            w.name(),
            w.status(),
            w.closesAt(),
            w.partitions().size(),
            w.rows(),
            w.alerts());
        if (w.skipped()) {
          out.println("  skipped: " + w.skipReason());
        } else if (dryRun) {
          for (RetentionBatch.TablePlan t : w.partitions()) {
            out.printf(Locale.ROOT, "  %-28s %,10d rows%n", t.table(), t.rows());
          }
          out.println(
              "  would archive to "
                  + dir.resolve("window-" + w.windowId())
                  + ", then detach and drop the partitions");
        }
      }
      for (RetentionBatch.ArchivedWindow a : outcome.archived()) {
        out.printf(
            Locale.ROOT,
            "window %d archived: %d files, %,d rows, checked; manifest %s; partitions detached and"
                + " dropped%n",
            a.windowId(),
            a.files().size(),
            a.rows(),
            a.manifest());
      }
      return 0;
    }
  }

  private int restore(String[] args) {
    if (args.length != 3) {
      throw new UsageException("retention restore needs the archive folder: DIR/window-<id>");
    }
    Path dir = Path.of(args[2]);
    ArchiveCipher cipher = archiveCipher();
    try (Store store = openStore()) {
      ArchiveRestoreBatch.Restored restored =
          new ArchiveRestoreBatch(store.dataSource(), cipher).restore(dir);
      out.printf(
          Locale.ROOT,
          "window %d restored from %s: %d files checked and loaded, %,d rows; status %s%n",
          restored.windowId(),
          dir,
          restored.files(),
          restored.rows(),
          restored.status());
      return 0;
    }
  }

  private ArchiveCipher archiveCipher() {
    return ArchiveCipher.fromEnv(env, Path.of(env.getOrDefault("HUXIN_HOME", ".huxin")));
  }

  private Store openStore() {
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin"));
    return Store.openForJob(StoreConfig.fromEnv(env, home));
  }

  private static Map<String, String> options(String[] args, int from) {
    Map<String, String> options = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      String value;
      if (name.equals("dry-run")) {
        value = "true";
      } else if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
        throw new UsageException("--" + name + " needs a value");
      } else {
        value = args[++i];
      }
      if (options.put(name, value) != null) {
        throw new UsageException("--" + name + " is given twice");
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

  private static long number(Map<String, String> options, String name, long absent, long max) {
    String value = options.get(name);
    if (value == null) {
      return absent;
    }
    long parsed;
    try {
      parsed = Long.parseLong(value.replace("_", "").replace(",", ""));
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
    }
    if (parsed < 1 || parsed > max) {
      throw new UsageException("--" + name + " must be 1.." + max + ", got " + value);
    }
    return parsed;
  }

  /** The command line is wrong; the usage is printed with the message. */
  static final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
      super(message);
    }
  }
}
