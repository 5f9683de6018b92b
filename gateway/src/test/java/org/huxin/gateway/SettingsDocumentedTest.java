package org.huxin.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every setting the code reads ({@code HUXIN_*} and {@code PG_*} names in the main sources of
 * scales, engine and gateway, and in the logging configuration) is in the release's {@code
 * huxin.env.example} and in the gateway README's Configuration table, so a setting added without
 * its documentation fails here; and neither names one the code no longer reads.
 */
class SettingsDocumentedTest {
  private static final Path MODULE = Paths.get(System.getProperty("basedir", "."));
  private static final Pattern NAME = Pattern.compile("\\b((?:HUXIN|PG)_[A-Z0-9_]*[A-Z0-9])\\b");
  private static final Pattern QUOTED = Pattern.compile("\"((?:HUXIN|PG)_[A-Z0-9_]*[A-Z0-9])\"");

  /** Names in quotes in the sources that are not settings. */
  private static final Set<String> NOT_SETTINGS =
      Set.of(
          // refused at start with a message saying what replaced it
          "HUXIN_ALERT_ESCALATE_MINUTES",
          // a file of the PostgreSQL data folder
          "PG_VERSION");

  /** Settings read under a computed name ({@code name + "_FILE"}). */
  private static final Set<String> COMPUTED = Set.of("PG_PASSWORD_FILE", "PG_OWNER_PASSWORD_FILE");

  /** Read by the release launcher, not by Java. */
  private static final Set<String> LAUNCHER = Set.of("HUXIN_ENV_FILE");

  @Test
  void everySettingRead_isInTheEnvExampleAndTheReadme() throws IOException {
    Set<String> read = settingsRead();
    assertTrue(read.size() > 40, "found the settings: " + read);
    Set<String> example = names(Files.readString(MODULE.resolve("src/dist/huxin.env.example")));
    Set<String> readme = names(configurationSection());

    assertEquals(Set.of(), missing(read, example), "read but not in huxin.env.example");
    assertEquals(Set.of(), missing(read, readme), "read but not in the README's Configuration");
    Set<String> launcher = new TreeSet<>(read);
    launcher.addAll(LAUNCHER);
    assertEquals(Set.of(), missing(example, launcher), "in huxin.env.example but never read");
    assertEquals(Set.of(), missing(readme, launcher), "in the README's Configuration, never read");
  }

  private static Set<String> settingsRead() throws IOException {
    Set<String> read = new TreeSet<>(COMPUTED);
    for (String module : List.of("scales", "engine", "gateway")) {
      Path sources = MODULE.resolve("..").resolve(module).resolve("src/main");
      try (Stream<Path> files = Files.walk(sources)) {
        for (Path file :
            files
                .filter(p -> p.toString().endsWith(".java") || p.toString().endsWith("logback.xml"))
                .toList()) {
          String text = Files.readString(file);
          Matcher m = (file.toString().endsWith(".java") ? QUOTED : NAME).matcher(text);
          while (m.find()) {
            read.add(m.group(1));
          }
        }
      }
      try (Stream<Path> logging = Files.list(sources.resolve("resources"))) {
        for (Path file :
            logging.filter(p -> p.getFileName().toString().startsWith("huxin-log-")).toList()) {
          read.addAll(names(Files.readString(file)));
        }
      } catch (java.nio.file.NoSuchFileException noResources) {
        // scales keeps its resources elsewhere
      }
    }
    read.removeAll(NOT_SETTINGS);
    return read;
  }

  private static String configurationSection() throws IOException {
    String readme = Files.readString(MODULE.resolve("README.md"));
    int start = readme.indexOf("\n## Configuration\n");
    int end = readme.indexOf("\n## ", start + 1);
    assertTrue(start >= 0 && end > start, "the gateway README has a Configuration section");
    return readme.substring(start, end);
  }

  private static Set<String> names(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = NAME.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    names.removeAll(NOT_SETTINGS);
    return names;
  }

  private static Set<String> missing(Set<String> wanted, Set<String> in) {
    Set<String> missing = new TreeSet<>(wanted);
    missing.removeAll(in);
    return missing;
  }
}
