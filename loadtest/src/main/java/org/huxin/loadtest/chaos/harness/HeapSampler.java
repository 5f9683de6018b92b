package org.huxin.loadtest.chaos.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Samples, once a second until stopped, the largest heap one node uses (the sum of its heap pools
 * in {@code jvm_memory_used_bytes}, in whole MB), and keeps the running maximum in {@code
 * heap.max}. A node that does not answer within 5 s counts 0.
 */
public final class HeapSampler {
  private static final String HEAP_USED = "jvm_memory_used_bytes{area=\"heap\"";
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final GatewayNodes nodes;
  private final Path maxFile;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
  private final CountDownLatch stop = new CountDownLatch(1);
  private final Thread thread;
  private volatile long max;

  private HeapSampler(GatewayNodes nodes, Path maxFile) {
    this.nodes = nodes;
    this.maxFile = maxFile;
    this.thread = new Thread(this::run, "heap-sampler");
    thread.setDaemon(true);
  }

  public static HeapSampler start(GatewayNodes nodes, Path maxFile) {
    HeapSampler s = new HeapSampler(nodes, maxFile);
    s.thread.start();
    return s;
  }

  /** Stops sampling; the largest heap seen, in MB. */
  public long stop() throws InterruptedException {
    stop.countDown();
    thread.join();
    return max;
  }

  private void run() {
    try {
      do {
        for (int i = 0; i < nodes.count(); i++) {
          max = Math.max(max, usedMb(i));
        }
        Files.writeString(maxFile, max + "\n");
      } while (!stop.await(1, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      Log.info("heap sampler: cannot write " + maxFile + ": " + e.getMessage());
    }
  }

  private long usedMb(int node) throws InterruptedException {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create(nodes.base(node) + "/metrics")).timeout(TIMEOUT).build();
    try {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() < 400 ? heapUsedMb(r.body()) : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * The heap one node's Prometheus text reports in use: every line naming a heap pool of {@code
   * jvm_memory_used_bytes}, its last field summed, in whole MB.
   */
  static long heapUsedMb(String metrics) {
    double bytes = 0;
    for (String line : metrics.split("\n")) {
      if (line.contains(HEAP_USED)) {
        String[] fields = line.trim().split("\\s+");
        try {
          bytes += Double.parseDouble(fields[fields.length - 1]);
        } catch (NumberFormatException notANumber) {
          // as awk reads it: no number, nothing added
        }
      }
    }
    return (long) (bytes / 1048576);
  }
}
