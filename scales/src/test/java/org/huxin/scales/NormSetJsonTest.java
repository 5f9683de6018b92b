package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NormSetJsonTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();

  @Test
  void write_shippedSetsReadBackEqual() {
    assertFalse(LIBRARY.normSets().isEmpty());
    for (NormSet shipped : LIBRARY.normSets()) {
      NormSet again = NormSetJson.read(NormSetJson.write(shipped), shipped.label());
      assertEquals(shipped, again, shipped.label());
    }
  }

  @Test
  void write_shippedSetIsTheShippedDocument() throws IOException {
    for (String label : List.of("k10-cn-2023@1.0.0", "k10-cn-2023@2.0.0", "psc17-us-2012@1.0.0")) {
      String file = label.equals("k10-cn-2023@2.0.0") ? "k10-cn-2023-v2" : label.split("@")[0];
      JsonNode shipped = resource("scales/norms/" + file + ".json");
      ((ObjectNode) shipped).remove("$schema");
      JsonNode written = MAPPER.readTree(NormSetJson.write(LIBRARY.findNormSet(label).get()));
      assertEquals(shipped, written, file);
    }
  }

  @Test
  void read_shippedFileGivesTheLoadedSet() throws IOException {
    JsonNode shipped = resource("scales/norms/k10-cn-2023.json");
    NormSet read = NormSetJson.read(MAPPER.writeValueAsString(shipped), "k10-cn-2023.json");
    assertEquals(LIBRARY.findNormSet("k10-cn-2023@1.0.0").get(), read);
    assertEquals(4, read.cells().size());
  }

  @Test
  void read_setSavedWithoutLabelIsLabelledByItsTitle() throws IOException {
    ObjectNode saved = (ObjectNode) resource("scales/norms/k10-cn-2023.json");
    saved.remove("label");
    NormSet read = NormSetJson.read(MAPPER.writeValueAsString(saved), "old.json");
    assertEquals(read.title(), read.shortLabel());
  }

  @Test
  void write_localCellsWithTablesRoundTripExactly() {
    List<NormCell> cells = new ArrayList<>();
    List<Double> table = new ArrayList<>();
    for (int raw = 0; raw <= 27; raw++) {
      table.add(100.0 * (raw + 0.5) / 28.0 * (1 - 1e-9));
    }
    cells.add(
        new NormCell("phq9", SchoolBand.G7_9, 'F', 733, 1.0 / 3, Math.PI, false, pt(0, table)));
    cells.add(new NormCell("phq9", SchoolBand.G7_9, 'M', 51, 7.0000001, 0.00001, false, null));
    cells.add(new NormCell("gad7", SchoolBand.G10_12, 'M', 2, 0.0, 1e-7, false, null));
    NormSet set =
        new NormSet(
            "local-w7", "1.2.0", LocalizedText.of("本地常模", "Local norms"), "window 7", "", cells);
    String json = NormSetJson.write(set);
    assertEquals(set, NormSetJson.read(json, "local"));
    assertFalse(json.contains("\"note\""), "a blank note is left out, as the schema asks");
  }

  @Test
  void write_cellsOutOfGridOrderKeepTheirOrder() {
    NormCell m = new NormCell("k10", SchoolBand.G7_9, 'M', 100, 20, 8, true, null);
    NormCell f = new NormCell("k10", SchoolBand.G7_9, 'F', 100, 20, 8, true, null);
    NormCell f2 = new NormCell("k10", SchoolBand.G10_12, 'F', 100, 20, 8, true, null);
    NormSet set =
        new NormSet("x", "1.0.0", LocalizedText.of("x", "x"), "c", "n", List.of(m, f, f2));
    NormSet again = NormSetJson.read(NormSetJson.write(set), "x");
    assertEquals(set.cells(), again.cells());
  }

  @Test
  void read_badCell_namesTheDocumentAndCell() {
    String json =
        """
        {"id":"local-w1","version":"1.0.0","title":{"zh-CN":"a","en":"a"},"citation":"c",
         "cells":[{"target":"phq9","bands":["7-9"],"sexes":["F"],"n":40,"mean":5,"sd":0}]}
        """;
    ScaleFileException e =
        assertThrows(ScaleFileException.class, () -> NormSetJson.read(json, "norm_set 12"));
    assertTrue(e.getMessage().startsWith("norm_set 12: "), e.getMessage());
    assertTrue(e.getMessage().contains("cell phq9 7-9 F: sd 0.0 must be above 0"), e.getMessage());
  }

  @Test
  void read_unknownField_isRefused() {
    String json =
        """
        {"id":"a","version":"1.0.0","title":{"zh-CN":"a","en":"a"},"citation":"c","extra":1,
         "cells":[{"target":"phq9","bands":["7-9"],"sexes":["F"],"n":40,"mean":5,"sd":2}]}
        """;
    ScaleFileException e =
        assertThrows(ScaleFileException.class, () -> NormSetJson.read(json, "a"));
    assertTrue(e.getMessage().contains("unknown field 'extra'"), e.getMessage());
  }

  private static PercentileTable pt(int from, List<Double> values) {
    return new PercentileTable(from, values);
  }

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in = NormSetJsonTest.class.getClassLoader().getResourceAsStream(path)) {
      return MAPPER.readTree(in);
    }
  }
}
