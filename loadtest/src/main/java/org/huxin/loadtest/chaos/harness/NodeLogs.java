package org.huxin.loadtest.chaos.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** What the nodes' logs ({@code gateway-*.log}) say. */
public final class NodeLogs {
  private static final Pattern BLOCKED =
      Pattern.compile("vert.x-eventloop-thread.*has been blocked");

  private NodeLogs() {}

  /** Lines in which Vert.x warns that an event loop has been blocked, over every node's log. */
  public static long blockedWarnings(Path out) throws IOException {
    long count = 0;
    try (DirectoryStream<Path> logs = Files.newDirectoryStream(out, "gateway-*.log")) {
      for (Path log : logs) {
        count += countIn(log);
      }
    }
    return count;
  }

  private static long countIn(Path log) throws IOException {
    // Latin-1 reads any byte, so a torn line at a kill -9 cannot stop the count.
    try (BufferedReader lines = Files.newBufferedReader(log, StandardCharsets.ISO_8859_1)) {
      return lines.lines().filter(l -> BLOCKED.matcher(l).find()).count();
    }
  }
}
