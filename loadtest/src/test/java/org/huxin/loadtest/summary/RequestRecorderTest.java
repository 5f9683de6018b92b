package org.huxin.loadtest.summary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RequestRecorderTest {

  @TempDir Path dir;

  @Test
  void figures_perName_countsAndPercentilesOfAll() {
    RequestRecorder recorder = new RequestRecorder();
    for (int ms = 1; ms <= 100; ms++) {
      recorder.record("submit", ms, ms != 100);
    }
    recorder.record("login", 7, true);

    Map<String, RequestFigures> figures = recorder.figures();

    assertEquals(List.of("submit", "login"), List.copyOf(figures.keySet()));
    assertEquals(new RequestFigures(100, 99, 1, 50, 75, 95, 99, 100, 50.5), figures.get("submit"));
    assertEquals(new RequestFigures(1, 1, 0, 7, 7, 7, 7, 7, 7.0), figures.get("login"));
  }

  @Test
  void record_fromManyThreads_losesNothing() {
    RequestRecorder recorder = new RequestRecorder();

    IntStream.range(0, 40_000)
        .parallel()
        .forEach(i -> recorder.record("draft", i % 50, i % 4 != 0));

    RequestFigures draft = recorder.figures().get("draft");
    assertEquals(40_000, draft.count());
    assertEquals(10_000, draft.ko());
    assertEquals(49, draft.max());
  }

  @Test
  void read_whatWriteWrote() throws IOException {
    RequestRecorder recorder = new RequestRecorder();
    IntStream.rangeClosed(1, 3000).forEach(ms -> recorder.record("staff alerts", ms, true));
    recorder.record("login (queued)", -1, false); // a clock step back counts as 0 ms
    Path file = dir.resolve("requests.json");

    recorder.write(file);

    assertEquals(recorder.figures(), RequestRecorder.read(file));
    assertEquals(0, RequestRecorder.read(file).get("login (queued)").max());
  }

  @Test
  void requestFigures_countNotOkPlusKo_isRejected() {
    assertThrows(
        IllegalArgumentException.class, () -> new RequestFigures(3, 1, 1, 0, 0, 0, 0, 0, 0));
  }
}
