package org.huxin.loadtest.chaos.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** The delaying proxy's control port: one line, the added round trip in ms; one line back. */
public final class DelayControl {
  private final int port;

  DelayControl(int port) {
    this.port = port;
  }

  /** Every database round trip takes {@code millis} longer from now on. */
  public void set(long millis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port);
        PrintWriter out = new PrintWriter(s.getOutputStream(), true, StandardCharsets.US_ASCII);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))) {
      out.print(millis + "\n");
      out.flush();
      String reply = in.readLine();
      Log.info("proxy: " + (reply == null ? "" : reply));
    }
  }
}
