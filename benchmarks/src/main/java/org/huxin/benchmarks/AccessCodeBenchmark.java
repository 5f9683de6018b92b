package org.huxin.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.huxin.gateway.auth.AccessCodes;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The access-code check every student login makes: one HMAC-SHA256 and a constant-time compare.
 * Half the typed codes are right and half are wrong; tear-down fails the run unless exactly the
 * right half matched.
 *
 * <p>Run: {@code ./huxin bench AccessCode}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AccessCodeBenchmark {
  private static final int STUDENTS = 4096;
  private static final long WINDOW = 12;

  private final byte[] secret =
      "benchmark window secret, 32 byte".getBytes(StandardCharsets.US_ASCII);
  private final String[] typed = new String[STUDENTS];
  private int next;
  private long matched;
  private long checked;

  @Setup(Level.Trial)
  public void prepare() {
    for (int i = 0; i < STUDENTS; i++) {
      String code = AccessCodes.code(secret, WINDOW, i + 1);
      typed[i] = i % 2 == 0 ? code : code.substring(0, 10) + (code.endsWith("Z") ? "Y" : "Z");
    }
  }

  @Benchmark
  public boolean checkCode() {
    int i = next;
    next = (i + 1) & (STUDENTS - 1);
    boolean ok = AccessCodes.matches(secret, WINDOW, i + 1, typed[i]);
    checked++;
    if (ok) {
      matched++;
    }
    return ok;
  }

  @TearDown(Level.Trial)
  public void verify() {
    // Checks start at index 0 and cycle over an even count, so the right codes are every other one.
    long expected = (checked + 1) / 2;
    if (matched != expected) {
      throw new IllegalStateException(
          "access-code check is wrong: "
              + matched
              + " of "
              + checked
              + " matched, expected "
              + expected);
    }
  }
}
