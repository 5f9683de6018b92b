package org.huxin.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The two tiers of the suite. {@code ./huxin test} runs every test; {@code ./huxin test --fast}
 * (Maven profile {@code fast}) leaves out the classes tagged {@link DatabaseTest} or {@link
 * BrowserTest} and sets {@value #PROPERTY}{@code =fast}. The fixtures that start PostgreSQL or
 * Chromium call {@link #requireFull} first, so a class that needs one but carries no tag fails the
 * fast run, naming itself, instead of slipping into it.
 */
public final class TestTier {
  /** The system property the {@code fast} profile sets to {@value #FAST}. */
  public static final String PROPERTY = "huxin.test.tier";

  public static final String FAST = "fast";

  private TestTier() {}

  /** Whether this JVM runs the fast tier. */
  public static boolean fast() {
    return FAST.equals(System.getProperty(PROPERTY));
  }

  /**
   * Fails when the fast tier is running: {@code owner} is about to start {@code what} (PostgreSQL
   * or Chromium), which the fast tier never does, so it lacks the annotation named by {@code tag}.
   */
  public static void requireFull(String what, Class<?> owner, Class<?> tag) {
    check(System.getProperty(PROPERTY), what, owner, tag);
  }

  /** As {@link #requireFull(String, Class, Class)}, for the test class running this thread. */
  public static void requireFull(String what, Class<?> tag) {
    if (fast()) {
      requireFull(what, runningTestClass(), tag);
    }
  }

  /** The outermost project class on this thread's stack: the test class JUnit called into. */
  static Class<?> runningTestClass() {
    return StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(
            frames ->
                frames
                    .map(StackWalker.StackFrame::getDeclaringClass)
                    .filter(c -> c.getName().startsWith("org.huxin."))
                    .reduce((inner, outer) -> outer)
                    .orElse(TestTier.class));
  }

  /** The tests' sources, relative to the module folder Surefire runs in. */
  public static final Path TEST_SOURCES = Path.of("src/test/java");

  /** What starts PostgreSQL outside {@link TestDatabase}. */
  public static final Pattern STARTS_POSTGRES =
      Pattern.compile("EmbeddedPostgresServer\\.start|StoreConfig\\.embedded\\(");

  /** What starts Chromium outside the browser fixture. */
  public static final Pattern STARTS_CHROMIUM = Pattern.compile("Playwright\\.create\\(");

  /**
   * The test sources under {@code root} that start something {@code starts} matches yet carry none
   * of {@code tags}, leaving out the {@code guarded} fixtures (file names) that refuse to start in
   * the fast tier themselves. A source check to go with {@link #requireFull}: it catches a direct
   * start in any tier, before a fast run would.
   */
  public static SortedSet<String> untagged(
      Path root, Pattern starts, Set<Class<?>> tags, Set<String> guarded) {
    SortedSet<String> untagged = new TreeSet<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String name = file.getFileName().toString();
        if (!name.endsWith(".java") || guarded.contains(name)) {
          continue;
        }
        String source = Files.readString(file);
        if (starts.matcher(source).find()
            && tags.stream().noneMatch(t -> source.contains("@" + t.getSimpleName()))) {
          untagged.add(root.relativize(file).toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the test sources under " + root, e);
    }
    return untagged;
  }

  /**
   * This module's test sources that start PostgreSQL without {@code @DatabaseTest} (or
   * {@code @BrowserTest}, whose classes need a database too), {@code guarded} fixtures left out.
   */
  public static SortedSet<String> untaggedPostgresStarts(String... guarded) {
    return untagged(
        TEST_SOURCES,
        STARTS_POSTGRES,
        Set.of(DatabaseTest.class, BrowserTest.class),
        Set.of(guarded));
  }

  /** This module's test sources that start Chromium without {@code @BrowserTest}. */
  public static SortedSet<String> untaggedChromiumStarts(String... guarded) {
    return untagged(TEST_SOURCES, STARTS_CHROMIUM, Set.of(BrowserTest.class), Set.of(guarded));
  }

  static void check(String tier, String what, Class<?> owner, Class<?> tag) {
    if (FAST.equals(tier)) {
      throw new IllegalStateException(
          owner.getName()
              + " starts "
              + what
              + " in the fast tier: annotate it @"
              + tag.getSimpleName()
              + " ("
              + tag.getName()
              + ") so that ./huxin test --fast leaves it out");
    }
  }
}
