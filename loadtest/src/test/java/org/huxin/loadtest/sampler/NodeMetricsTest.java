package org.huxin.loadtest.sampler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

  /** As a gateway's {@code /metrics} writes them (Micrometer's Prometheus text). */
  private static final String METRICS =
      """
      # HELP jvm_memory_used_bytes The amount of used memory
      # TYPE jvm_memory_used_bytes gauge
      jvm_memory_used_bytes{area="heap",id="Eden Space"} 1.2E7
      jvm_memory_used_bytes{area="heap",id="Survivor Space"} 1048576.0
      jvm_memory_used_bytes{area="heap",id="Tenured Gen"} 5.0E7
      jvm_memory_used_bytes{area="nonheap",id="Metaspace"} 9.9E7
      # HELP jvm_memory_committed_bytes The amount of memory committed
      # TYPE jvm_memory_committed_bytes gauge
      jvm_memory_committed_bytes{area="heap",id="Eden Space"} 1.4E8
      jvm_memory_committed_bytes{area="heap",id="Tenured Gen"} 3.7E8
      jvm_memory_committed_bytes{area="nonheap",id="Metaspace"} 1.3E8
      # HELP huxin_drafts_held Drafts this node holds
      # TYPE huxin_drafts_held gauge
      huxin_drafts_held 20.0
      huxin_drafts_held_max 99.0
      # TYPE huxin_writer_rows_inserted_total counter
      huxin_writer_rows_inserted_total 7.0
      # TYPE huxin_requests_in_flight gauge
      huxin_requests_in_flight 3.0
      """;

  @Test
  void parse_sumsEverySeriesOfEachFigure_andNoOther() {
    Map<NodeMetrics, Double> f = NodeMetrics.parse(METRICS);

    assertEquals(1.2e7 + 1048576.0 + 5.0e7, f.get(NodeMetrics.HEAP_USED));
    assertEquals(1.4e8 + 3.7e8, f.get(NodeMetrics.HEAP_COMMITTED));
    assertEquals(20.0, f.get(NodeMetrics.DRAFTS_HELD));
    assertEquals(7.0, f.get(NodeMetrics.ROWS_INSERTED));
    assertEquals(3.0, f.get(NodeMetrics.IN_FLIGHT));
  }

  @Test
  void parse_absentFigure_isZero() {
    assertEquals(
        0.0, NodeMetrics.parse("# nothing here\nother_metric 5.0\n").get(NodeMetrics.IN_FLIGHT));
  }

  @Test
  void parse_seriesInAHelpLineOrIndented_isNotCounted() {
    String text = "# huxin_drafts_held 5.0\n huxin_drafts_held 6.0\nhuxin_drafts_held 1.0\n";

    assertEquals(1.0, NodeMetrics.DRAFTS_HELD.sum(text));
  }

  @Test
  void value_readsPrometheusSpecialValues() {
    assertEquals(Double.POSITIVE_INFINITY, NodeMetrics.value("+Inf"));
    assertEquals(Double.NEGATIVE_INFINITY, NodeMetrics.value("-Inf"));
    assertEquals(Double.NaN, NodeMetrics.value("NaN"));
    assertEquals(1.5e9, NodeMetrics.value("1.5E9"));
    assertThrows(NumberFormatException.class, () -> NodeMetrics.value("many"));
  }
}
