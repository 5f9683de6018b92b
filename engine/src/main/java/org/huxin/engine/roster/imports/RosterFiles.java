package org.huxin.engine.roster.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ExcelReaderException;
import org.dhatim.fastexcel.reader.ReadableWorkbook;
import org.dhatim.fastexcel.reader.Row;

/**
 * Reads the rows of a roster file as text cells, in file order, the header first.
 *
 * <ul>
 *   <li>CSV follows RFC 4180: comma-separated, fields in double quotes may hold commas, line breaks
 *       and doubled quotes; records end in CRLF or LF. The bytes are UTF-8 (a BOM is skipped) when
 *       they are valid UTF-8, else GB18030, a superset of the GBK that Excel on a Chinese Windows
 *       writes. A row number counts records, as a spreadsheet shows them.
 *   <li>XLSX: the first sheet; numbers are written without a trailing {@code .0}.
 * </ul>
 *
 * Rows whose every cell is blank are skipped (their numbers still count).
 */
public final class RosterFiles {

  /** Receives each non-blank row: its 1-based file row number and its cells. */
  @FunctionalInterface
  public interface RowSink {
    void accept(int row, List<String> cells);
  }

  private static final int BUFFER = 1 << 16;

  private RosterFiles() {}

  /** Reads {@code file} as {@code format}; a file that is not one fails with the reason. */
  public static void read(Path file, RosterFormat format, RowSink sink) {
    try {
      switch (format) {
        case CSV -> {
          try (BufferedReader reader = Files.newBufferedReader(file, charsetOf(file))) {
            readCsv(reader, sink);
          } catch (CharacterCodingException e) {
            throw new RosterFileException(
                "the file is neither UTF-8 nor GB18030 text; save it from Excel as"
                    + " \"CSV UTF-8\" or as .xlsx",
                e);
          }
        }
        case XLSX -> readXlsx(file, sink);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the roster file failed", e);
    }
  }

  /** UTF-8 when every byte sequence of the file is valid UTF-8, else GB18030. */
  public static Charset charsetOf(Path file) throws IOException {
    CharsetDecoder utf8 =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.allocate(BUFFER);
    CharBuffer out = CharBuffer.allocate(BUFFER);
    try (InputStream stream = Files.newInputStream(file)) {
      int n;
      while ((n = stream.read(in.array(), in.position(), in.remaining())) >= 0) {
        in.position(in.position() + n);
        in.flip();
        if (decodeFails(utf8, in, out, false)) {
          return Charset.forName("GB18030");
        }
        in.compact();
      }
      in.flip();
      if (decodeFails(utf8, in, out, true) || utf8.flush(out.clear()).isError()) {
        return Charset.forName("GB18030");
      }
    }
    return StandardCharsets.UTF_8;
  }

  private static boolean decodeFails(
      CharsetDecoder decoder, ByteBuffer in, CharBuffer out, boolean end) {
    while (true) {
      CoderResult result = decoder.decode(in, out.clear(), end);
      if (result.isError()) {
        return true;
      }
      if (result.isUnderflow()) {
        return false;
      }
    }
  }

  /** Parses RFC 4180 CSV from {@code reader}; a leading byte-order mark is skipped. */
  public static void readCsv(Reader reader, RowSink sink) throws IOException {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    int row = 1;
    boolean quoted = false;
    boolean cellStarted = false;
    boolean first = true;
    int ch;
    while ((ch = reader.read()) >= 0) {
      if (first) {
        first = false;
        if (ch == '\uFEFF') {
          continue;
        }
      }
      if (quoted) {
        if (ch == '"') {
          reader.mark(1);
          int next = reader.read();
          if (next == '"') {
            cell.append('"');
          } else {
            quoted = false;
            if (next >= 0) {
              reader.reset();
            }
          }
        } else {
          cell.append((char) ch);
        }
        continue;
      }
      switch (ch) {
        case '"' -> {
          if (!cellStarted && cell.length() == 0) {
            quoted = true;
            cellStarted = true;
          } else {
            cell.append('"');
          }
        }
        case ',' -> {
          cells.add(cell.toString());
          cell.setLength(0);
          cellStarted = false;
        }
        case '\r' -> {
          reader.mark(1);
          if (reader.read() != '\n') {
            reader.reset();
          }
          emit(sink, row++, cells, cell);
          cellStarted = false;
        }
        case '\n' -> {
          emit(sink, row++, cells, cell);
          cellStarted = false;
        }
        default -> {
          cell.append((char) ch);
          cellStarted = true;
        }
      }
    }
    if (quoted) {
      throw new RosterFileException(
          row, "row " + row + " opens a double quote that is never closed; the file is cut short");
    }
    if (!cells.isEmpty() || cell.length() > 0) {
      emit(sink, row, cells, cell);
    }
  }

  private static void emit(RowSink sink, int row, List<String> cells, StringBuilder cell) {
    cells.add(cell.toString());
    cell.setLength(0);
    if (!allBlank(cells)) {
      sink.accept(row, List.copyOf(cells));
    }
    cells.clear();
  }

  private static void readXlsx(Path file, RowSink sink) throws IOException {
    try (ReadableWorkbook workbook = new ReadableWorkbook(file.toFile());
        Stream<Row> rows = workbook.getFirstSheet().openStream()) {
      rows.forEach(
          r -> {
            List<String> cells = new ArrayList<>(r.getCellCount());
            for (int i = 0; i < r.getCellCount(); i++) {
              cells.add(text(r.getCell(i)));
            }
            if (!allBlank(cells)) {
              sink.accept(r.getRowNum(), cells);
            }
          });
    } catch (ExcelReaderException | IllegalStateException e) {
      throw new RosterFileException(
          "the file is not a readable XLSX workbook: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new RosterFileException(
          "the file is not a readable XLSX workbook; save it from Excel as .xlsx, or as CSV", e);
    }
  }

  private static String text(Cell cell) {
    if (cell == null) {
      return "";
    }
    return switch (cell.getType()) {
      case NUMBER -> {
        BigDecimal n = cell.asNumber();
        yield n == null ? "" : n.stripTrailingZeros().toPlainString();
      }
      case BOOLEAN -> String.valueOf(cell.asBoolean());
      case EMPTY -> "";
      case STRING -> cell.asString();
      default -> cell.getRawValue() == null ? "" : cell.getRawValue();
    };
  }

  private static boolean allBlank(List<String> cells) {
    for (String c : cells) {
      if (!c.isBlank()) {
        return false;
      }
    }
    return true;
  }
}
