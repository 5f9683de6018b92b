package org.huxin.loadtest.chaos.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeLogsTest {
  @TempDir Path out;

  @Test
  void blockedWarnings_countsEventLoopWarningLinesOverEveryNodeLog() throws Exception {
    String warning =
        "WARN Thread[vert.x-eventloop-thread-1,5,main] has been blocked for 2345 ms, time limit"
            + " is 2000 ms\n";
    Files.writeString(out.resolve("gateway-0.log"), "INFO started\n" + warning + warning);
    Files.writeString(
        out.resolve("gateway-1.log"),
        "WARN Thread[vert.x-worker-thread-0,5,main] has been blocked for 61000 ms\n" + warning);
    Files.writeString(out.resolve("db.log"), warning);

    assertEquals(3, NodeLogs.blockedWarnings(out));
  }

  @Test
  void blockedWarnings_bytesThatAreNoUtf8_areStillRead() throws Exception {
    byte[] torn = {(byte) 0xe4, (byte) 0xbd, '\n'};
    Files.write(out.resolve("gateway-2.log"), torn);
    Files.writeString(
        out.resolve("gateway-2.log"),
        "vert.x-eventloop-thread-0 has been blocked\n",
        StandardOpenOption.APPEND);

    assertEquals(1, NodeLogs.blockedWarnings(out));
  }
}
