package org.huxin.gateway.demo;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertOutboxStore;
import org.huxin.engine.city.SyntheticCity;
import org.huxin.engine.followup.FollowupAction;
import org.huxin.engine.followup.FollowupStore;
import org.huxin.engine.followup.NewFollowup;
import org.huxin.engine.renorm.SyntheticWindow;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.roster.RosterStore;
import org.huxin.engine.staff.NewStaffAccount;
import org.huxin.engine.staff.StaffRole;
import org.huxin.engine.staff.StaffStore;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.PgPoolConfig;
import org.huxin.engine.store.Store;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.engine.windows.WindowStore;
import org.huxin.gateway.auth.AccessCodes;
import org.huxin.gateway.auth.PasswordHasher;
import org.huxin.gateway.config.GatewayConfig;
import org.huxin.gateway.student.HelpContacts;
import org.huxin.scales.ScaleLibrary;

/**
 * Seeds the demo city once (2 districts, 6 schools, grades 1–12, about 2,000 students), keeps an
 * open screening window, creates one staff account per role, and prints how to use them. Staff
 * passwords are generated on the first run and kept in {@code <home>/demo-credentials.properties}
 * so later runs print the same ones.
 */
public final class DemoCity {
  private static final Map<String, String> BATTERIES =
      Map.of("1-3", "g1-3-teacher", "4-6", "g4-6", "7-9", "g7-9", "10-12", "g10-12");

  /** Share of last year's students with a result, and of this year's who have already answered. */
  private static final double LAST_YEAR_SHARE = 0.93;

  private static final double THIS_YEAR_SHARE = 0.45;

  /** What to print after start-up. */
  public record Printout(Window window, List<String> studentLines, Map<String, String> staff) {
    public String render(String publicUrl) {
      StringBuilder out = new StringBuilder();
      out.append("\n================ Huxin demo city ================\n");
      out.append("Student page:  ").append(publicUrl).append("/\n");
      out.append("Window:        ")
          .append(window.name())
          .append(" (id ")
          .append(window.id())
          .append(", open until ")
          .append(window.closesAt())
          .append(")\n\n");
      out.append("Student logins (school code / student number / access code):\n");
      studentLines.forEach(line -> out.append("  ").append(line).append('\n'));
      out.append("  QR-style link: ")
          .append(publicUrl)
          .append("/#") // the fragment: never sent to a server, so never in a proxy's log
          .append(studentLines.isEmpty() ? "" : query(studentLines.get(0)))
          .append("\n\n");
      out.append("Staff console: ").append(publicUrl).append("/console/\n");
      out.append("Staff logins (username, password):\n");
      staff.forEach((user, password) -> out.append(String.format("  %-14s %s%n", user, password)));
      out.append("Progress:      GET ")
          .append(publicUrl)
          .append("/api/staff/windows/")
          .append(window.id())
          .append("/progress\n");
      out.append("=================================================\n");
      return out.toString();
    }

    private static String query(String line) {
      String[] parts = line.trim().split("\\s+");
      return "school=" + parts[0] + "&no=" + parts[1] + "&code=" + parts[2];
    }
  }

  private DemoCity() {}

  /** Seeds what is missing and returns the printout. Blocking: call before serving. */
  public static Printout seedOnce(Store store, GatewayConfig config, Clock clock) {
    List<RosterEntry> roster = new RosterStore(store.dataSource()).loadRoster();
    boolean fresh = roster.isEmpty();
    NameCipher cipher = NameCipher.fromEnv(System.getenv(), config.home());
    Window lastYear = null;
    if (fresh) {
      new RosterStore(store.dataSource()).bulkLoad(SyntheticCity.demo(), cipher);
      roster = new RosterStore(store.dataSource()).loadRoster();
      lastYear = lastYear(store, roster, clock.instant());
    }
    Window window = openWindow(store, clock.instant());
    Map<Integer, RosterEntry> samples = samples(roster, window);
    if (fresh) {
      Instant now = clock.instant();
      Instant from = window.opensAt().isBefore(now) ? window.opensAt() : now.minusSeconds(3600);
      Set<Long> keep = new HashSet<>();
      samples.values().forEach(e -> keep.add(e.id()));
      answered(store, window, roster, THIS_YEAR_SHARE, 2026L, from, now, keep);
    }
    Map<String, String> staff = staffAccounts(store, roster, config.home());
    if (lastYear != null) {
      followedUp(store, cipher, lastYear);
    }
    return new Printout(window, sampleLines(samples, window), staff);
  }

  /**
   * Last year's window, closed, with results for most students, so that reports have a year to
   * compare with and archives a tier history.
   */
  private static Window lastYear(Store store, List<RosterEntry> roster, Instant now) {
    Instant opens = now.minus(Duration.ofDays(365));
    Window created =
        new WindowStore(store.dataSource())
            .create(
                new NewWindow(
                    "2025 秋季学生心理健康筛查（演示）",
                    List.of(),
                    List.of(),
                    1,
                    12,
                    BATTERIES,
                    opens,
                    opens.plus(Duration.ofDays(14)),
                    HelpContacts.NATIONAL_JSON,
                    NewWindow.DEFAULT_HASH_PARTITIONS,
                    NewWindow.DEFAULT_RULE_SET));
    Window open = new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
    answered(store, open, roster, LAST_YEAR_SHARE, 2025L, opens, open.closesAt(), Set.of());
    return new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.CLOSED);
  }

  /**
   * Last year's crisis alerts acknowledged and its follow-up cases worked through to closed, as the
   * schools did then, so that only this year's cases stand open in the demo.
   */
  private static void followedUp(Store store, NameCipher cipher, Window lastYear) {
    long admin = new StaffStore(store.dataSource()).findByUsername("city.admin").orElseThrow().id();
    boolean acknowledged;
    do {
      acknowledged = false;
      for (Alert alert : new AlertOutboxStore(store.dataSource()).pending(null, null, 1000)) {
        if (alert.windowId() == lastYear.id()) {
          acknowledged |=
              new AlertOutboxStore(store.dataSource())
                  .acknowledge(alert.id(), admin, lastYear.closesAt());
        }
      }
    } while (acknowledged);
    FollowupStore ledger = new FollowupStore(cipher);
    Instant at = lastYear.closesAt();
    Vertx vertx = Vertx.vertx();
    try {
      Pool pool = store.pool(vertx, PgPoolConfig.DEFAULT);
      try {
        for (long studentId : ledger.studentsWithOpenCases(pool, lastYear.id()).await()) {
          record(pool, ledger, studentId, lastYear, FollowupAction.INTERVIEW, admin, at);
          record(
              pool,
              ledger,
              studentId,
              lastYear,
              FollowupAction.PARENT_INFORMED,
              admin,
              at.plus(Duration.ofDays(2)));
          record(
              pool,
              ledger,
              studentId,
              lastYear,
              FollowupAction.CLOSED,
              admin,
              at.plus(Duration.ofDays(30)));
        }
      } finally {
        pool.close().await();
      }
    } finally {
      vertx.close().await();
    }
  }

  /** One ledger action, in a transaction of its own, waited for: seeding runs before serving. */
  private static void record(
      Pool pool,
      FollowupStore ledger,
      long studentId,
      Window window,
      FollowupAction action,
      long admin,
      Instant at) {
    NewFollowup f = new NewFollowup(studentId, window.id(), action, admin, null, at);
    pool.withTransaction(tx -> ledger.record(tx, f)).await();
  }

  /**
   * Stores synthetic results for about {@code share} of the window's consenting students, leaving
   * out {@code keep} (the students whose codes the demo prints, so they can still answer).
   */
  private static void answered(
      Store store,
      Window window,
      List<RosterEntry> roster,
      double share,
      long seed,
      Instant from,
      Instant to,
      Set<Long> keep) {
    SplittableRandom pick = new SplittableRandom(seed);
    SyntheticWindow.fill(
        store,
        ScaleLibrary.loadDefault(),
        window,
        roster,
        student -> student.consent() && !keep.contains(student.id()) && pick.nextDouble() < share,
        Integer.MAX_VALUE,
        seed,
        from,
        to);
  }

  private static Window openWindow(Store store, Instant now) {
    for (Window w : new WindowStore(store.dataSource()).list()) {
      if (w.acceptsSubmitsAt(now)) {
        return w;
      }
    }
    Window created =
        new WindowStore(store.dataSource())
            .create(
                new NewWindow(
                    "2026 秋季学生心理健康筛查（演示）",
                    List.of(),
                    List.of(),
                    1,
                    12,
                    BATTERIES,
                    now.minus(Duration.ofDays(3)),
                    now.plus(Duration.ofDays(30)),
                    HelpContacts.NATIONAL_JSON,
                    NewWindow.DEFAULT_HASH_PARTITIONS,
                    NewWindow.DEFAULT_RULE_SET));
    return new WindowStore(store.dataSource()).setStatus(created.id(), WindowStatus.OPEN);
  }

  /** The first student of each screened grade with guardian consent. */
  private static Map<Integer, RosterEntry> samples(List<RosterEntry> roster, Window window) {
    Map<Integer, RosterEntry> byGrade = new TreeMap<>();
    for (RosterEntry e : roster) {
      if (e.consent() && window.inScope(e.districtId(), e.schoolId(), e.grade())) {
        byGrade.putIfAbsent(e.grade(), e);
      }
    }
    return byGrade;
  }

  /** One login line per sample student, with their access code. */
  private static List<String> sampleLines(Map<Integer, RosterEntry> samples, Window window) {
    List<String> lines = new ArrayList<>();
    samples.forEach(
        (grade, e) ->
            lines.add(
                String.format(
                    "%-6s %-12s %s   (grade %s)",
                    e.schoolCode(),
                    e.studentNo(),
                    grade <= 3
                        ? AccessCodes.parentCode(window.codeSecret(), window.id(), e.id())
                        : AccessCodes.code(window.codeSecret(), window.id(), e.id()),
                    grade <= 3 ? grade + ", parent's code" : grade)));
    return lines;
  }

  /** A staff account of the demo, before its password is chosen. */
  private record DemoAccount(
      String username, StaffRole role, Long districtId, Long schoolId, Long classId, String name) {}

  private static Map<String, String> staffAccounts(
      Store store, List<RosterEntry> roster, Path home) {
    RosterEntry s = roster.stream().filter(e -> e.grade() >= 7).findFirst().orElse(roster.get(0));
    RosterEntry p = roster.stream().filter(e -> e.grade() == 2).findFirst().orElse(roster.get(0));
    List<DemoAccount> accounts =
        List.of(
            new DemoAccount("city.admin", StaffRole.CITY_ADMIN, null, null, null, "市教育局管理员"),
            new DemoAccount(
                "district.admin", StaffRole.DISTRICT_ADMIN, s.districtId(), null, null, "区教育局管理员"),
            new DemoAccount(
                "psychologist",
                StaffRole.SCHOOL_PSYCHOLOGIST,
                s.districtId(),
                s.schoolId(),
                null,
                "学校心理老师"),
            new DemoAccount(
                "head.teacher",
                StaffRole.HEAD_TEACHER,
                s.districtId(),
                s.schoolId(),
                s.classId(),
                "班主任"),
            new DemoAccount(
                "primary.teacher",
                StaffRole.HEAD_TEACHER,
                p.districtId(),
                p.schoolId(),
                p.classId(),
                "二年级班主任"));
    Path file = home.resolve("demo-credentials.properties");
    Properties saved = new Properties();
    try {
      if (Files.exists(file)) {
        try (var in = Files.newBufferedReader(file)) {
          saved.load(in);
        }
      }
      Map<String, String> printed = new LinkedHashMap<>();
      for (DemoAccount a : accounts) {
        if (new StaffStore(store.dataSource()).findByUsername(a.username()).isEmpty()) {
          String password = newPassword();
          new StaffStore(store.dataSource())
              .create(
                  new NewStaffAccount(
                      a.username(),
                      PasswordHasher.hash(password),
                      a.role(),
                      a.districtId(),
                      a.schoolId(),
                      a.classId(),
                      a.name()));
          saved.setProperty(a.username(), password);
        }
        printed.put(
            a.username(),
            saved.getProperty(a.username(), "(lost: remove " + home + " to seed afresh)"));
      }
      Files.createDirectories(home);
      try (var out = Files.newBufferedWriter(file)) {
        saved.store(out, "Huxin demo staff passwords (development only)");
      }
      return printed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep demo credentials in " + file, e);
    }
  }

  private static String newPassword() {
    String alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
    SecureRandom random = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 12; i++) {
      if (i > 0 && i % 4 == 0) {
        sb.append('-');
      }
      sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
