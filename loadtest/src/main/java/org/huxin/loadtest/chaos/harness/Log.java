package org.huxin.loadtest.chaos.harness;

import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The run's progress lines on stderr: {@code [chaos 12:34:56] message}, UTC. */
public final class Log {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

  private Log() {}

  public static void info(String message) {
    System.err.println("[chaos " + LocalTime.now(ZoneOffset.UTC).format(TIME) + "] " + message);
  }
}
