package org.huxin.loadtest.sampler;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The figures the sampler reads from a node's Prometheus text ({@code /metrics}); each is the sum
 * of every series of its name (heap: every heap pool).
 */
enum NodeMetrics {
  HEAP_USED("heap_used", "jvm_memory_used_bytes\\{area=\"heap\"[^}]*\\}"),
  HEAP_COMMITTED("heap_committed", "jvm_memory_committed_bytes\\{area=\"heap\"[^}]*\\}"),
  DRAFTS_HELD("drafts_held", "huxin_drafts_held"),
  ROWS_INSERTED("rows_inserted", "huxin_writer_rows_inserted_total"),
  IN_FLIGHT("in_flight", "huxin_requests_in_flight");

  /** The key of the figure in a sample line. */
  final String key;

  private final Pattern series;

  NodeMetrics(String key, String series) {
    this.key = key;
    this.series = Pattern.compile("^" + series + " (\\S+)", Pattern.MULTILINE);
  }

  /** The sum of this figure's series in {@code text}; 0 when there is none. */
  double sum(String text) {
    double sum = 0;
    Matcher m = series.matcher(text);
    while (m.find()) {
      sum += value(m.group(1));
    }
    return sum;
  }

  /** Every figure of {@code text}, in the order of a sample line. */
  static Map<NodeMetrics, Double> parse(String text) {
    Map<NodeMetrics, Double> figures = new EnumMap<>(NodeMetrics.class);
    for (NodeMetrics m : values()) {
      figures.put(m, m.sum(text));
    }
    return figures;
  }

  /**
   * One scrape of {@code http://127.0.0.1:<port>/metrics}: the figures, or null when the node did
   * not answer 2xx within {@code timeoutMs} (to connect, and again to read) or sent a value that is
   * no number. {@link HttpURLConnection}, not {@code java.net.http}: the sampler shares the cores
   * it measures, and here the latter's asynchronous machinery cost about four times the CPU for two
   * scrapes a second (3 against 0.8 ticks a second; the Python sampler's, 0.9).
   */
  static Map<NodeMetrics, Double> scrape(int port, int timeoutMs) {
    try {
      HttpURLConnection c =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + port + "/metrics")
                  .toURL()
                  .openConnection(Proxy.NO_PROXY);
      c.setConnectTimeout(timeoutMs);
      c.setReadTimeout(timeoutMs);
      if (c.getResponseCode() / 100 != 2) {
        c.disconnect();
        return null;
      }
      try (InputStream in = c.getInputStream()) {
        return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException | NumberFormatException e) {
      return null;
    }
  }

  /**
   * A sample value: a decimal number, {@code NaN} or {@code [+-]Inf}, as Prometheus writes them.
   */
  static double value(String text) {
    return switch (text.toLowerCase(Locale.ROOT)) {
      case "+inf", "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(text);
    };
  }
}
