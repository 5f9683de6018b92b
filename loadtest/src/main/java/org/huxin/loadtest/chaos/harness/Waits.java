package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Polling, as the run does it: try, and if it does not hold yet, wait a second and try again. */
public final class Waits {

  /** Something that holds or not yet; an exception counts as not yet. */
  @FunctionalInterface
  public interface Check {
    boolean holds() throws Exception;
  }

  private final Path out;

  public Waits(Path out) {
    this.out = out;
  }

  /**
   * Tries {@code check} up to {@code seconds} times, a second apart; false (and a line saying what
   * was not ready) when it never held.
   */
  public boolean until(int seconds, String what, Check check) throws InterruptedException {
    for (int i = 0; i < seconds; i++) {
      if (holds(check)) {
        return true;
      }
      TimeUnit.SECONDS.sleep(1);
    }
    Log.info(what + " was not ready in " + seconds + " s; see " + out);
    return false;
  }

  /** {@link #until}, and the run stops when it never held. */
  public void require(int seconds, String what, Check check) throws InterruptedException {
    if (!until(seconds, what, check)) {
      throw new RunStopped(what + " was not ready");
    }
  }

  private static boolean holds(Check check) throws InterruptedException {
    try {
      return check.holds();
    } catch (InterruptedException e) {
      throw e;
    } catch (Exception e) {
      return false;
    }
  }

  /** Whether something accepts TCP connections on this port of 127.0.0.1. */
  public static boolean listening(int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 2000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
