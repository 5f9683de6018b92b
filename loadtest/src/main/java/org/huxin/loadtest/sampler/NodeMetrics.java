package org.huxin.loadtest.sampler;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
   * not answer 2xx within {@code timeout} or sent a value that is no number.
   */
  static Map<NodeMetrics, Double> scrape(HttpClient http, int port, Duration timeout)
      throws InterruptedException {
    HttpRequest get =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
            .timeout(timeout)
            .build();
    try {
      HttpResponse<String> r = http.send(get, HttpResponse.BodyHandlers.ofString());
      return r.statusCode() / 100 == 2 ? parse(r.body()) : null;
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
