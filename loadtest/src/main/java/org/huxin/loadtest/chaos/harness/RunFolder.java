package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Where a run keeps its files, under the repository root: {@code loadtest/target/chaos/latest}
 * (every log, the acks, the rows and {@code summary.json}) and {@code loadtest/target/chaos/home}
 * ({@code HUXIN_HOME}: the embedded PostgreSQL's data and passwords).
 */
public record RunFolder(Path root) {

  public RunFolder {
    root = root.toAbsolutePath().normalize();
  }

  public Path out() {
    return root.resolve("loadtest/target/chaos/latest");
  }

  public Path home() {
    return root.resolve("loadtest/target/chaos/home");
  }

  /** A file of the run's folder. */
  public Path file(String name) {
    return out().resolve(name);
  }

  public Path gatewayJar() {
    return root.resolve("gateway/target/huxin-gateway.jar");
  }

  /** The loadtest's classes and the gateway jar: what every program of the run runs on. */
  public String classpath() {
    return root.resolve("loadtest/target/classes") + ":" + gatewayJar();
  }

  public Path pgdata() {
    return home().resolve("pgdata");
  }

  /** The embedded server asks every client for a password; {@code huxin db} keeps them here. */
  public Path ownerPasswordFile() {
    return home().resolve("pgdata.owner.password");
  }

  /** Removes the previous run's home and folder and makes them again, empty. */
  public void fresh() throws IOException {
    delete(home());
    delete(out());
    Files.createDirectories(home());
    Files.createDirectories(out());
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) all.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
