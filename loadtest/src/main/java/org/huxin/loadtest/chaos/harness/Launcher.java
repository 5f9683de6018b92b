package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts the run's processes and stops what is left of them. Every process gets this JVM's
 * environment plus the run's own ({@code HUXIN_HOME}, {@code HUXIN_PG_PORT}, {@code
 * HUXIN_TOKEN_SECRET}) and whatever its command adds. {@link #stopAll} is the end of a run (and the
 * shutdown hook's work when it is cut short): the gateway nodes are sent SIGTERM and waited for,
 * then the helpers (proxy, receiver, consoles, any driver) are sent SIGTERM, then the database
 * process, which is waited for.
 */
public final class Launcher {

  /** When a process stops at the end of the run. */
  public enum Tier {
    NODE,
    HELPER,
    DATABASE
  }

  private record Started(Tier tier, Process process) {}

  private final String classpath;
  private final Map<String, String> runEnv;
  private final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
  private final List<Started> started = new ArrayList<>();

  public Launcher(String classpath, Map<String, String> runEnv) {
    this.classpath = classpath;
    this.runEnv = Map.copyOf(runEnv);
  }

  /** A JVM with these options, to be given a main class or a jar. */
  public JavaCommand java(String... options) {
    return new JavaCommand(this, java, classpath, List.of(options));
  }

  /** Runs a plain command to its end, its output appended to {@code log}; its exit status. */
  public int run(List<String> command, Path log) throws IOException, InterruptedException {
    return start(Tier.HELPER, command, Map.of(), Redirect.appendTo(log.toFile()), null).waitFor();
  }

  /** Runs a plain command to its end, its output on this process's; its exit status. */
  public int run(List<String> command) throws IOException, InterruptedException {
    return start(Tier.HELPER, command, Map.of(), Redirect.INHERIT, Redirect.INHERIT).waitFor();
  }

  /** {@code err} null sends stderr where stdout goes. */
  synchronized Process start(
      Tier tier, List<String> command, Map<String, String> env, Redirect out, Redirect err)
      throws IOException {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().putAll(runEnv);
    pb.environment().putAll(env);
    pb.redirectInput(Redirect.from(Path.of("/dev/null").toFile()));
    pb.redirectOutput(out);
    if (err == null) {
      pb.redirectErrorStream(true);
    } else {
      pb.redirectError(err);
    }
    Process p = pb.start();
    started.add(new Started(tier, p));
    started.removeIf(s -> !s.process().isAlive() && s.process() != p);
    return p;
  }

  /** Stops every process still running, in the order of {@link Tier}; safe to call twice. */
  public synchronized void stopAll() {
    for (Tier tier : Tier.values()) {
      List<Process> alive =
          started.stream()
              .filter(s -> s.tier() == tier && s.process().isAlive())
              .map(Started::process)
              .toList();
      alive.forEach(Process::destroy);
      if (tier != Tier.HELPER) {
        for (Process p : alive) {
          try {
            p.waitFor();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
      }
    }
  }
}
