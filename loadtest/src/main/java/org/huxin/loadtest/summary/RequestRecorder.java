package org.huxin.loadtest.summary;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;

/**
 * The simulations' own record of their requests: per request name, how many ended ok and ko and an
 * HdrHistogram (3 significant digits) of their response times in milliseconds. Safe to feed from
 * every Gatling thread at once; {@link #write(Path)} at the end of the run gives {@code
 * requests.json}, which {@link RehearsalSummary} reads back with {@link #read(Path)}. Names only:
 * nothing about a student is recorded.
 */
public final class RequestRecorder {

  private static final AtomicLong ORDER = new AtomicLong();

  private record Kind(long order, ConcurrentHistogram millis, LongAdder ok, LongAdder ko) {}

  private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

  /** One request named {@code name} that took {@code millis} and ended ok or not. */
  public void record(String name, long millis, boolean ok) {
    Kind kind =
        kinds.computeIfAbsent(
            name,
            n ->
                new Kind(
                    ORDER.incrementAndGet(),
                    new ConcurrentHistogram(3),
                    new LongAdder(),
                    new LongAdder()));
    kind.millis().recordValue(Math.max(0, millis));
    (ok ? kind.ok() : kind.ko()).increment();
  }

  /** The figures so far, by name, in the order each name was first recorded. */
  public Map<String, RequestFigures> figures() {
    Map<String, RequestFigures> figures = new LinkedHashMap<>();
    kinds.entrySet().stream()
        .sorted(Comparator.comparingLong(e -> e.getValue().order()))
        .forEach(
            e -> {
              Kind k = e.getValue();
              figures.put(
                  e.getKey(), RequestFigures.of(k.millis().copy(), k.ok().sum(), k.ko().sum()));
            });
    return figures;
  }

  /** Writes {@link #figures()} to {@code file} as one JSON object keyed by request name. */
  public void write(Path file) {
    JsonObject json = new JsonObject();
    figures().forEach((name, f) -> json.put(name, f.toJson()));
    try {
      Files.writeString(file, json.encodePrettily() + "\n");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the request figures to " + file, e);
    }
  }

  /** What {@link #write(Path)} wrote, in the same order. */
  public static Map<String, RequestFigures> read(Path file) throws IOException {
    JsonObject json = new JsonObject(Files.readString(file));
    Map<String, RequestFigures> figures = new LinkedHashMap<>();
    for (String name : json.fieldNames()) {
      figures.put(name, RequestFigures.fromJson(json.getJsonObject(name)));
    }
    return figures;
  }
}
