package org.huxin.loadtest.sampler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/** CPU time from {@code /proc}, in clock ticks ({@code getconf CLK_TCK} a second). */
final class ProcTicks {
  private static final Path PROC = Path.of("/proc");

  /** The whole machine since boot: every state summed, and idle plus iowait. */
  record Machine(long total, long idle) {}

  private ProcTicks() {}

  /**
   * user + system time of a process, from its {@code /proc/<pid>/stat} line: fields 14 and 15,
   * counted after the command name, which is in parentheses and may itself hold spaces and ")".
   */
  static long processTicks(String statLine) {
    int name = statLine.lastIndexOf(')');
    if (name < 0) {
      throw new IllegalArgumentException("a stat line names its command in parentheses");
    }
    String[] fields = statLine.substring(name + 1).trim().split("\\s+");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  /** From the first line of {@code /proc/stat}: {@code cpu user nice system idle iowait ...}. */
  static Machine machine(String cpuLine) {
    String[] f = cpuLine.trim().split("\\s+");
    long[] cpu = Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray();
    return new Machine(Arrays.stream(cpu).sum(), cpu[3] + cpu[4]);
  }

  /** A process's ticks, or null when it is gone or its stat cannot be read. */
  static Long ofProcess(long pid) {
    try {
      return processTicks(Files.readString(PROC.resolve(pid + "/stat"), StandardCharsets.UTF_8));
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  static Machine ofMachine() throws IOException {
    try (var lines = Files.lines(PROC.resolve("stat"), StandardCharsets.UTF_8)) {
      return machine(lines.findFirst().orElseThrow(() -> new IOException("/proc/stat is empty")));
    }
  }
}
