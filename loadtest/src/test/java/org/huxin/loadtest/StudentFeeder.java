package org.huxin.loadtest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The rehearsal feeder read a line at a time, so a million students do not sit in the generator's
 * heap as Gatling's in-memory {@code csv(...)} feeder would hold them. Columns are named by the
 * header line; values stay strings. A {@linkplain #circular circular} feeder starts over at the
 * end, a {@linkplain #queue queue} feeder ends.
 */
final class StudentFeeder implements Iterator<Map<String, Object>> {
  private final Path file;
  private final boolean circular;
  private BufferedReader reader;
  private String[] columns;
  private String next;

  private StudentFeeder(Path file, boolean circular) {
    this.file = file;
    this.circular = circular;
    open();
  }

  /** Every student once, in file order. */
  static StudentFeeder queue(String file) {
    return new StudentFeeder(Path.of(file), false);
  }

  /** The students over and over (warm-up). */
  static StudentFeeder circular(String file) {
    return new StudentFeeder(Path.of(file), true);
  }

  private void open() {
    try {
      if (reader != null) {
        reader.close();
      }
      reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
      String header = reader.readLine();
      if (header == null) {
        throw new IllegalStateException("the feeder " + file + " is empty");
      }
      columns = header.split(",");
      next = reader.readLine();
      if (next == null) {
        throw new IllegalStateException("the feeder " + file + " has no students");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feeder " + file, e);
    }
  }

  @Override
  public synchronized boolean hasNext() {
    return next != null;
  }

  @Override
  public synchronized Map<String, Object> next() {
    if (next == null) {
      throw new NoSuchElementException("every student of " + file + " has been fed");
    }
    String[] cells = next.split(",", -1);
    Map<String, Object> record = new HashMap<>(columns.length * 2);
    for (int i = 0; i < columns.length && i < cells.length; i++) {
      record.put(columns[i], cells[i]);
    }
    try {
      next = reader.readLine();
      if (next == null && circular) {
        open();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the feeder " + file, e);
    }
    return record;
  }
}
