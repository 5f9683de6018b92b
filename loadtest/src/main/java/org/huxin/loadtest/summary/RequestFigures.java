package org.huxin.loadtest.summary;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/**
 * One request name's figures over a run: how many were sent ({@code count = ok + ko}) and the
 * response times of all of them (ok and ko alike, as Gatling's statistics table gives them), in
 * milliseconds.
 */
public record RequestFigures(
    long count, long ok, long ko, long p50, long p75, long p95, long p99, long max, double mean) {

  public RequestFigures {
    if (ok < 0 || ko < 0 || count != ok + ko) {
      throw new IllegalArgumentException(
          "count " + count + " must be ok " + ok + " + ko " + ko + ", none negative");
    }
  }

  /** No request of that name. */
  public static final RequestFigures NONE = new RequestFigures(0, 0, 0, 0, 0, 0, 0, 0, 0);

  static RequestFigures of(Histogram millis, long ok, long ko) {
    if (millis.getTotalCount() == 0) {
      return new RequestFigures(ok + ko, ok, ko, 0, 0, 0, 0, 0, 0);
    }
    return new RequestFigures(
        ok + ko,
        ok,
        ko,
        millis.getValueAtPercentile(50),
        millis.getValueAtPercentile(75),
        millis.getValueAtPercentile(95),
        millis.getValueAtPercentile(99),
        millis.getMaxValue(),
        Math.round(millis.getMean() * 10) / 10.0);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("count", count)
        .put("ok", ok)
        .put("ko", ko)
        .put("p50", p50)
        .put("p75", p75)
        .put("p95", p95)
        .put("p99", p99)
        .put("max", max)
        .put("mean", mean);
  }

  static RequestFigures fromJson(JsonObject json) {
    return new RequestFigures(
        json.getLong("count"),
        json.getLong("ok"),
        json.getLong("ko"),
        json.getLong("p50"),
        json.getLong("p75"),
        json.getLong("p95"),
        json.getLong("p99"),
        json.getLong("max"),
        json.getDouble("mean"));
  }
}
