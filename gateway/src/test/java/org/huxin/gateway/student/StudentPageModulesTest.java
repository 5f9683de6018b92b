package org.huxin.gateway.student;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The student page names every one of its ES modules in a {@code modulepreload} link, so a phone on
 * a slow school network fetches them in one round instead of one round per level of imports.
 */
class StudentPageModulesTest {

  private static final Path WEBROOT = Path.of("src/main/resources/webroot");

  @Test
  void indexPage_preloadsEveryModuleItImports() throws IOException {
    Set<String> modules = new TreeSet<>();
    modules.add("/i18n.js");
    try (Stream<Path> files = Files.list(WEBROOT.resolve("student"))) {
      files
          .map(f -> "/student/" + f.getFileName())
          .filter(f -> f.endsWith(".js") && !f.equals("/student/main.js"))
          .forEach(modules::add);
    }
    Set<String> preloaded = new TreeSet<>();
    Matcher m =
        Pattern.compile("<link rel=\"modulepreload\" href=\"([^\"]+)\">")
            .matcher(Files.readString(WEBROOT.resolve("index.html")));
    while (m.find()) {
      preloaded.add(m.group(1));
    }
    assertEquals(modules, preloaded);
  }
}
