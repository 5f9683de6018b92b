package org.huxin.engine.renorm;

import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.huxin.engine.norms.LocalNormBuilder.RefusedCell;
import org.huxin.engine.results.WindowResultQueries.TierCounts;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.EmbeddedPostgresServer;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Store;
import org.huxin.engine.store.StoreConfig;
import org.huxin.engine.store.StoreException;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.NormCell;
import org.huxin.scales.NormSet;
import org.huxin.scales.NormSetJson;
import org.huxin.scales.ScaleFileException;
import org.huxin.scales.ScaleLibrary;

/**
 * {@code ./huxin norms}, {@code ./huxin rescore} and {@code ./huxin rescore-demo}: build local
 * norms from a closed window, re-score a window under a norm set with a live progress line, and
 * rehearse both on a synthetic window. Results go to stdout, progress and logs to stderr. Exit code
 * 0 on success, 1 on a failure (the message says what to do), 2 on a usage error.
 */
public final class RenormCli {

  static final String USAGE =
      """
      usage:
        ./huxin norms build --window <id> [--min-n 50] [--id local-w<id>]
            build the next version of a norm set from a closed window's results and save it
        ./huxin norms list
            the saved norm sets with their provenance, and the shipped ones
        ./huxin norms show <id@version>
            a saved or shipped norm set as JSON, in the shape of the shipped norm files
        ./huxin rescore --window <id> --norms <id@version[+id@version]> [--batch 5000] [--by <name>]
            re-score a closed window under the named norm sets (resumes an unfinished run)
        ./huxin rescore check --run <id>
            re-score the verdicts a run replaced under their old norms and compare
        ./huxin rescore-demo [--results 100000] [--min-n 50] [--batch 5000] [--keep]
            seed a closed synthetic window, build local norms from it and re-score it; on a
            throw-away PostgreSQL unless --keep seeds the configured (empty) store
      """;

  private final Map<String, String> env;
  private final PrintStream out;
  private final PrintStream err;
  private final Clock clock;

  RenormCli(Map<String, String> env, PrintStream out, PrintStream err, Clock clock) {
    this.env = Map.copyOf(env);
    this.out = out;
    this.err = err;
    this.clock = clock;
  }

  public static void main(String[] args) {
    int code = new RenormCli(System.getenv(), System.out, System.err, Clock.systemUTC()).run(args);
    System.exit(code);
  }

  /** Runs one command and returns its exit code. */
  int run(String[] args) {
    Map<String, String> options;
    String command;
    String label = null;
    try {
      if (args.length == 0) {
        throw new UsageException("no command given");
      }
      command = args[0];
      int from = 1;
      if ((command.equals("norms") || command.equals("rescore"))
          && args.length > 1
          && !args[1].startsWith("--")) {
        command = command + " " + args[1];
        from = 2;
      }
      if (command.equals("norms show")) {
        if (args.length < 3) {
          throw new UsageException("norms show needs a norm set, e.g. local-w3@1.0.0");
        }
        label = args[2];
        from = 3;
      }
      options = options(args, from);
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    }
    String shown = label;
    try {
      switch (command) {
        case "norms build" -> withStore(s -> buildNorms(s, options));
        case "norms list" -> {
          allow(options);
          withStore(this::listNorms);
        }
        case "rescore" -> withStore(s -> rescore(s, options));
        case "rescore check" -> withStore(s -> check(s, options));
        case "demo", "rescore-demo" -> demo(options);
        case "norms show" -> {
          allow(options);
          withStore(s -> show(s, shown));
        }
        default -> throw new UsageException("unknown command '" + command + "'");
      }
      return 0;
    } catch (UsageException e) {
      err.println(e.getMessage());
      err.print(USAGE);
      return 2;
    } catch (RenormException | StoreException | ScaleFileException | IllegalArgumentException e) {
      err.println();
      err.println("error: " + e.getMessage());
      return 1;
    }
  }

  private interface StoreWork {
    void run(Store store);
  }

  private void withStore(StoreWork work) {
    Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin"));
    try (Store store = Store.openForJob(StoreConfig.fromEnv(env, home))) {
      work.run(store);
    }
  }

  private void buildNorms(Store store, Map<String, String> options) {
    long windowId = longOption(options, "window", null);
    int minimumN = (int) longOption(options, "min-n", (long) LocalNorms.DEFAULT_MINIMUM_N);
    String id = options.getOrDefault("id", "local-w" + windowId);
    allow(options, "window", "min-n", "id");
    err.printf(
        Locale.ROOT, "building norms from window %d (cells of n ≥ %d)...%n", windowId, minimumN);
    LocalNorms.Outcome outcome =
        new LocalNorms(ScaleLibrary.loadDefault(), store.dataSource(), clock)
            .build(windowId, minimumN, id);
    printNorms(outcome, minimumN);
  }

  private void printNorms(LocalNorms.Outcome outcome, int minimumN) {
    if (outcome.saved().isPresent()) {
      NormSet set = outcome.saved().get().set();
      out.printf(
          Locale.ROOT,
          "norm set %s saved: %,d results read, %,d used, %,d invalid left out; %.1f s, %,.0f"
              + " results/s%n",
          set.label(),
          outcome.results(),
          outcome.used(),
          outcome.invalid(),
          outcome.took().toNanos() / 1e9,
          outcome.rowsPerSecond());
      out.println(
          "label (shown beside its T scores): " + set.shortLabel().get(LocalizedText.ZH_CN));
      out.printf(
          Locale.ROOT, "%-18s %-6s %-3s %9s %8s %8s%n", "target", "band", "sex", "n", "mean", "SD");
      for (NormCell cell : set.cells()) {
        out.printf(
            Locale.ROOT,
            "%-18s %-6s %-3s %,9d %8.2f %8.2f%n",
            cell.target(),
            cell.band(),
            cell.sex(),
            cell.n(),
            cell.mean(),
            cell.sd());
      }
    } else {
      out.printf(
          Locale.ROOT,
          "no cell reached n ≥ %d in %,d results; nothing was saved%n",
          minimumN,
          outcome.results());
    }
    if (outcome.refused().isEmpty()) {
      out.println("refused: none");
    } else {
      out.println("refused:");
      for (RefusedCell cell : outcome.refused()) {
        out.printf(
            Locale.ROOT,
            "%-18s %-6s %-3s %9d  %s%n",
            cell.target(),
            cell.band(),
            cell.sex(),
            cell.n(),
            cell.reason());
      }
    }
  }

  private void listNorms(Store store) {
    ScaleLibrary library = ScaleLibrary.loadDefault();
    out.printf(
        Locale.ROOT,
        "%-28s %-10s %-8s %7s %8s  %-25s %s%n",
        "norm set",
        "source",
        "window",
        "cells",
        "refused",
        "saved",
        "label");
    for (NormSetStore.Saved saved : new NormSetStore(store.dataSource()).list()) {
      NormSetStore.Provenance p = saved.provenance();
      NormSet set =
          library
              .findNormSet(saved.label())
              .filter(shipped -> shipped.cells().equals(saved.set().cells()))
              .orElse(saved.set());
      out.printf(
          Locale.ROOT,
          "%-28s %-10s %-8s %7d %8d  %-25s %s%n",
          saved.label(),
          p.windowId() == null ? p.source() : "window",
          p.windowId() == null ? "" : p.windowId().toString(),
          saved.set().cells().size(),
          p.refused().size(),
          saved.createdAt(),
          set.shortLabel().get(LocalizedText.ZH_CN));
    }
    for (NormSet shipped : library.allNormSets()) {
      out.printf(
          Locale.ROOT,
          "%-28s %-10s %-8s %7d %8s  %-25s %s%n",
          shipped.label(),
          library.normSets().contains(shipped) ? "this build" : "retired",
          "",
          shipped.cells().size(),
          "",
          "",
          shipped.shortLabel().get(LocalizedText.ZH_CN));
    }
  }

  private void show(Store store, String label) {
    ScaleLibrary library = ScaleLibrary.loadDefault();
    Optional<NormSet> set = new NormSets(library, new NormSetStore(store.dataSource())).find(label);
    out.println(
        NormSetJson.write(set.orElseThrow(() -> new RenormException("no norm set " + label))));
  }

  private void rescore(Store store, Map<String, String> options) {
    long windowId = longOption(options, "window", null);
    String label = options.get("norms");
    if (label == null) {
      throw new UsageException("rescore needs --norms <id@version>");
    }
    int batch = (int) longOption(options, "batch", (long) WindowRescorer.DEFAULT_BATCH);
    String by = options.getOrDefault("by", System.getProperty("user.name", "cli"));
    allow(options, "window", "norms", "batch", "by");
    ScaleLibrary library = ScaleLibrary.loadDefault();
    NormSets sets = new NormSets(library, new NormSetStore(store.dataSource()));
    RescoreReport report = rescore(store, library, sets, windowId, label, batch, by);
    out.print(report.table());
  }

  private RescoreReport rescore(
      Store store,
      ScaleLibrary library,
      NormSets sets,
      long windowId,
      String label,
      int batch,
      String by) {
    err.printf(Locale.ROOT, "re-scoring window %d under %s...%n", windowId, label);
    RescoreReport report =
        new WindowRescorer(library, store.dataSource(), sets, batch)
            .rescore(windowId, label, by, this::progress);
    out.printf(
        Locale.ROOT,
        "window %d re-scored under %s (run %d%s, before: %s): %,d results in %.1f s of batches,"
            + " %,.0f results/s; %.1f s in all%n",
        windowId,
        label,
        report.run().id(),
        report.resumed() ? ", resumed" : "",
        String.join(", ", report.run().fromNorms()),
        report.rescoredNow(),
        report.batches().toNanos() / 1e9,
        report.rowsPerSecond(),
        report.took().toNanos() / 1e9);
    out.println("norms after:  " + labels(sets, label));
    for (String before : report.run().fromNorms()) {
      out.println("norms before: " + labels(sets, before));
    }
    return report;
  }

  /**
   * Each set of {@code label} with the short label shown beside its T scores, e.g. {@code
   * k10-cn-2023@2.0.0 全国常模（9–18岁、分性别）}.
   */
  private static String labels(NormSets sets, String label) {
    List<String> parts = new java.util.ArrayList<>();
    try {
      for (String one : NormSets.split(label)) {
        parts.add(
            one
                + sets.find(one)
                    .map(s -> " " + s.shortLabel().get(LocalizedText.ZH_CN))
                    .orElse(""));
      }
    } catch (RenormException e) {
      return label;
    }
    return parts.isEmpty() ? label + " (no norms)" : String.join(" + ", parts);
  }

  /** One progress line, rewritten in place; ends the line when the run is done. */
  private void progress(RescoreProgress p) {
    err.printf(
        Locale.ROOT,
        "\r  %,d / %,d results (%.1f %%)  %,.0f results/s  %.1f s   %s",
        p.done(),
        p.total(),
        100 * p.fraction(),
        p.rowsPerSecond(),
        p.elapsed().toNanos() / 1e9,
        p.done() >= p.total() ? System.lineSeparator() : "");
    err.flush();
  }

  private void check(Store store, Map<String, String> options) {
    long runId = longOption(options, "run", null);
    allow(options, "run");
    ScaleLibrary library = ScaleLibrary.loadDefault();
    HistoryCheck.Outcome outcome =
        new HistoryCheck(
                library,
                store.dataSource(),
                new NormSets(library, new NormSetStore(store.dataSource())))
            .check(runId);
    printCheck(runId, outcome);
    if (!outcome.allReproduced()) {
      throw new RenormException(
          (outcome.checked() - outcome.reproduced())
              + " replaced verdicts of run "
              + runId
              + " did not reproduce");
    }
  }

  private void printCheck(long runId, HistoryCheck.Outcome outcome) {
    out.printf(
        Locale.ROOT,
        "run %d: %,d of %,d replaced verdicts reproduce under their old norms%n",
        runId,
        outcome.reproduced(),
        outcome.checked());
    outcome.mismatches().forEach(m -> out.println("  " + m));
  }

  private void demo(Map<String, String> options) {
    int results = (int) longOption(options, "results", 100_000L);
    int minimumN = (int) longOption(options, "min-n", (long) LocalNorms.DEFAULT_MINIMUM_N);
    int batch = (int) longOption(options, "batch", (long) WindowRescorer.DEFAULT_BATCH);
    boolean keep = options.containsKey("keep");
    allow(options, "results", "min-n", "batch", "keep");
    if (keep) {
      Path home = Path.of(env.getOrDefault("HUXIN_HOME", ".huxin"));
      withStore(s -> demo(s, NameCipher.fromEnv(env, home), results, minimumN, batch));
      return;
    }
    err.println(
        "rescore-demo: a throw-away embedded PostgreSQL, deleted at exit (--keep keeps it)");
    try (EmbeddedPostgresServer server = EmbeddedPostgresServer.startTemporary();
        Store store =
            Store.openForJob(
                StoreConfig.external(
                    server.jdbcUrl(), EmbeddedPostgresServer.USER, server.ownerPassword(), 4))) {
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      demo(store, new NameCipher(key), results, minimumN, batch);
    }
  }

  private void demo(Store store, NameCipher cipher, int results, int minimumN, int batch) {
    ScaleLibrary library = ScaleLibrary.loadDefault();
    err.printf(Locale.ROOT, "1/4 seeding a closed window of %,d synthetic results...%n", results);
    SyntheticWindow.Seeded seeded;
    try {
      seeded = SyntheticWindow.seed(store, library, cipher, results, 20_250_901L, clock);
    } catch (DuplicateKeyException e) {
      throw new RenormException(
          "the store already holds a roster with the synthetic city's codes; --keep needs an"
              + " empty store, e.g. HUXIN_HOME=/tmp/rescore-demo ./huxin rescore-demo --keep",
          e);
    }
    long windowId = seeded.window().id();
    TierCounts tiers = seeded.tiers();
    out.printf(
        Locale.ROOT,
        "window %d: %,d results (routine %,d, key %,d, close %,d, crisis %,d); roster %.1f s,"
            + " results %.1f s (%,.0f results/s)%n",
        windowId,
        tiers.total(),
        tiers.routine(),
        tiers.key(),
        tiers.close(),
        tiers.crisis(),
        seeded.rosterTook().toNanos() / 1e9,
        seeded.resultsTook().toNanos() / 1e9,
        tiers.total() / (seeded.resultsTook().toNanos() / 1e9));

    err.printf(
        Locale.ROOT, "2/4 building local norms from window %d (n ≥ %d)...%n", windowId, minimumN);
    LocalNorms.Outcome norms =
        new LocalNorms(library, store.dataSource(), clock).build(windowId, minimumN);
    printNorms(norms, minimumN);
    NormSet set =
        norms
            .saved()
            .orElseThrow(
                () -> new RenormException("no cell reached the minimum n; nothing to re-score"))
            .set();

    err.print("3/4 ");
    NormSets sets = new NormSets(library, new NormSetStore(store.dataSource()));
    RescoreReport report =
        rescore(store, library, sets, windowId, set.label(), batch, "rescore-demo");
    out.print(report.table());

    err.printf(Locale.ROOT, "4/4 re-scoring the replaced verdicts under their old norms...%n");
    long start = System.nanoTime();
    HistoryCheck.Outcome check =
        new HistoryCheck(library, store.dataSource(), sets).check(report.run().id());
    printCheck(report.run().id(), check);
    out.printf(Locale.ROOT, "(checked in %.1f s)%n", (System.nanoTime() - start) / 1e9);
    if (!check.allReproduced()) {
      throw new RenormException("some replaced verdicts did not reproduce");
    }
  }

  private static Map<String, String> options(String[] args, int from) {
    Map<String, String> options = new HashMap<>();
    for (int i = from; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--") || arg.length() == 2) {
        throw new UsageException("unexpected argument '" + arg + "'");
      }
      String name = arg.substring(2);
      if (name.equals("keep")) {
        options.put(name, "true");
        continue;
      }
      if (i + 1 >= args.length) {
        throw new UsageException("--" + name + " needs a value");
      }
      if (options.put(name, args[++i]) != null) {
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

  private static long longOption(Map<String, String> options, String name, Long absent) {
    String value = options.get(name);
    if (value == null) {
      if (absent == null) {
        throw new UsageException("--" + name + " is required");
      }
      return absent;
    }
    try {
      long parsed = Long.parseLong(value.replace("_", "").replace(",", ""));
      if (parsed < 1) {
        throw new UsageException("--" + name + " must be positive, got " + value);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
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
