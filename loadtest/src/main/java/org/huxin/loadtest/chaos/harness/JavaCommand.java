package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One JVM of the run, built up and then started ({@link #start}) or run to its end ({@link #run}).
 * Its output goes where it went when a shell started it: to a log in the run's folder, or to this
 * process's own.
 */
public final class JavaCommand {
  private final Launcher launcher;
  private final List<String> command = new ArrayList<>();
  private final String classpath;
  private final Map<String, String> env = new LinkedHashMap<>();
  private Redirect out = Redirect.INHERIT;
  private Redirect err = Redirect.INHERIT;

  JavaCommand(Launcher launcher, String java, String classpath, List<String> options) {
    this.launcher = launcher;
    this.classpath = classpath;
    command.add(java);
    command.addAll(options);
  }

  /** Runs {@code main} on the run's class path. */
  public JavaCommand main(Class<?> main, Object... args) {
    command.addAll(List.of("-cp", classpath, main.getName()));
    return args(args);
  }

  /** Runs an executable jar. */
  public JavaCommand jar(Path jar, Object... args) {
    command.addAll(List.of("-jar", jar.toString()));
    return args(args);
  }

  public JavaCommand args(Object... args) {
    Arrays.stream(args).map(String::valueOf).forEach(command::add);
    return this;
  }

  public JavaCommand args(List<String> args) {
    command.addAll(args);
    return this;
  }

  public JavaCommand env(String name, Object value) {
    env.put(name, String.valueOf(value));
    return this;
  }

  /** stdout and stderr to {@code file}, emptied first ({@code >file 2>&1}). */
  public JavaCommand log(Path file) {
    out = Redirect.to(file.toFile());
    err = null;
    return this;
  }

  /** stdout and stderr appended to {@code file} ({@code >>file 2>&1}). */
  public JavaCommand appendLog(Path file) {
    out = Redirect.appendTo(file.toFile());
    err = null;
    return this;
  }

  /** stdout alone to {@code file} ({@code >file}); stderr stays this process's. */
  public JavaCommand stdout(Path file) {
    out = Redirect.to(file.toFile());
    return this;
  }

  /** stderr dropped ({@code 2>/dev/null}). */
  public JavaCommand quiet() {
    err = Redirect.DISCARD;
    return this;
  }

  public Process start(Launcher.Tier tier) throws IOException {
    return launcher.start(tier, command, env, out, err);
  }

  /** Runs to the end; the exit status. */
  public int run() throws IOException, InterruptedException {
    return start(Launcher.Tier.HELPER).waitFor();
  }
}
