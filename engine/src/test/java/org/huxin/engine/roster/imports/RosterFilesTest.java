package org.huxin.engine.roster.imports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhatim.fastexcel.Workbook;
import org.dhatim.fastexcel.Worksheet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RosterFilesTest {
  @TempDir Path dir;

  private record Read(int row, List<String> cells) {}

  private static List<Read> csv(String text) throws IOException {
    List<Read> rows = new ArrayList<>();
    RosterFiles.readCsv(new StringReader(text), (row, cells) -> rows.add(new Read(row, cells)));
    return rows;
  }

  @Test
  void readCsv_quotedCommasQuotesAndLineBreaks() throws IOException {
    List<Read> rows = csv("a,b,c\r\n\"x,1\",\"say \"\"hi\"\"\",\"two\nlines\"\r\nlast,,end");
    assertEquals(3, rows.size());
    assertEquals(List.of("x,1", "say \"hi\"", "two\nlines"), rows.get(1).cells());
    assertEquals(List.of("last", "", "end"), rows.get(2).cells());
    assertEquals(3, rows.get(2).row());
  }

  @Test
  void readCsv_bomSkippedAndBlankRowsCounted() throws IOException {
    List<Read> rows = csv("\uFEFFgrade\n\n,,\n7\n");
    assertEquals(List.of("grade"), rows.get(0).cells());
    assertEquals(2, rows.size());
    assertEquals(4, rows.get(1).row(), "blank rows 2 and 3 are skipped but counted");
  }

  @Test
  void readCsv_unclosedQuote() {
    RosterFileException e = assertThrows(RosterFileException.class, () -> csv("a\n\"open,x\n"));
    assertEquals(2, e.row());
    assertTrue(e.getMessage().contains("never closed"), e.getMessage());
  }

  @Test
  void charsetOf_utf8AndGbk() throws IOException {
    Path utf8 = dir.resolve("u.csv");
    Files.writeString(utf8, "姓名,年级\n张三,7\n", StandardCharsets.UTF_8);
    assertEquals(StandardCharsets.UTF_8, RosterFiles.charsetOf(utf8));
    Path gbk = dir.resolve("g.csv");
    Files.write(gbk, "姓名,年级\n张三,7\n".getBytes(Charset.forName("GBK")));
    assertEquals(Charset.forName("GB18030"), RosterFiles.charsetOf(gbk));
    List<List<String>> rows = new ArrayList<>();
    RosterFiles.read(gbk, RosterFormat.CSV, (row, cells) -> rows.add(cells));
    assertEquals(List.of("姓名", "年级"), rows.get(0));
  }

  @Test
  void read_xlsxNumbersAsWholeText() throws IOException {
    Path file = dir.resolve("r.xlsx");
    try (var out = Files.newOutputStream(file)) {
      Workbook wb = new Workbook(out, "test", "1.0");
      Worksheet ws = wb.newWorksheet("名单");
      ws.value(0, 0, "年级");
      ws.value(0, 1, "学号");
      ws.value(1, 0, 7);
      ws.value(1, 1, "070101");
      wb.finish();
    }
    List<Read> rows = new ArrayList<>();
    RosterFiles.read(file, RosterFormat.XLSX, (row, cells) -> rows.add(new Read(row, cells)));
    assertEquals(List.of("7", "070101"), rows.get(1).cells());
    assertEquals(2, rows.get(1).row());
  }

  @Test
  void read_xlsxThatIsNot() throws IOException {
    Path file = dir.resolve("fake.xlsx");
    Files.writeString(file, "grade\n7\n");
    assertThrows(
        RosterFileException.class,
        () -> RosterFiles.read(file, RosterFormat.XLSX, (row, cells) -> {}));
  }
}
