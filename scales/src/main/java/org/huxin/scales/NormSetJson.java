package org.huxin.scales;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link NormSet} as JSON in the shape of the shipped norm files ({@code
 * schema/norms.schema.json}), and back, so a norm set built from a window can be stored, exported
 * as a district's data file and read with the same checks as a shipped one.
 *
 * <p>Writing folds a run of cells that share target and figures into one entry listing its bands
 * and sexes, when the run is the full band × sex grid in the order the reader expands it (band
 * outer, sex inner); any other cell gets an entry of its own. Reading gives back an equal {@code
 * NormSet}, cell order included, and a shipped file written back is the same JSON document.
 */
public final class NormSetJson {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private NormSetJson() {}

  /** The norm set as one compact JSON object. */
  public static String write(NormSet set) {
    Objects.requireNonNull(set, "set");
    ObjectNode root = MAPPER.createObjectNode();
    root.put("id", set.id());
    root.put("version", set.version());
    ObjectNode title = root.putObject("title");
    for (Map.Entry<String, String> text : set.title().texts().entrySet()) {
      title.put(text.getKey(), text.getValue());
    }
    ObjectNode label = root.putObject("label");
    for (Map.Entry<String, String> text : set.shortLabel().texts().entrySet()) {
      label.put(text.getKey(), text.getValue());
    }
    root.put("citation", set.citation());
    if (!set.note().isEmpty()) {
      root.put("note", set.note());
    }
    ArrayNode cells = root.putArray("cells");
    List<NormCell> all = set.cells();
    int i = 0;
    while (i < all.size()) {
      int end = i + 1;
      while (end < all.size() && sameFigures(all.get(i), all.get(end))) {
        end++;
      }
      List<NormCell> run = all.subList(i, end);
      Optional<Grid> grid = Grid.of(run);
      if (grid.isPresent()) {
        cell(cells, run.get(0), grid.get().bands(), grid.get().sexes());
      } else {
        for (NormCell one : run) {
          cell(cells, one, List.of(one.band().id()), List.of(String.valueOf(one.sex())));
        }
      }
      i = end;
    }
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a norm set always serialises", e);
    }
  }

  /**
   * Reads a norm set written by {@link #write} or laid out as a shipped norm file. Checks the
   * document and every cell as the library loader does, but not against a library: call {@link
   * ScaleLibrary#checkNormSet} for that.
   *
   * @param name what the JSON is, for fault messages, e.g. {@code norm_set local-w3@1.0.0}
   * @throws ScaleFileException naming {@code name}, the cell and the fault
   */
  public static NormSet read(String json, String name) {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(name, "name");
    byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
    ResourceSource one =
        path -> path.equals(name) ? Optional.of(new ByteArrayInputStream(bytes)) : Optional.empty();
    return new LibraryReader(one).readNormSet(name);
  }

  private static boolean sameFigures(NormCell a, NormCell b) {
    return a.target().equals(b.target())
        && a.n() == b.n()
        && Double.compare(a.mean(), b.mean()) == 0
        && Double.compare(a.sd(), b.sd()) == 0
        && a.pooled() == b.pooled()
        && Objects.equals(a.table(), b.table());
  }

  private static void cell(ArrayNode cells, NormCell cell, List<String> bands, List<String> sexes) {
    ObjectNode out = cells.addObject();
    out.put("target", cell.target());
    ArrayNode bandIds = out.putArray("bands");
    bands.forEach(bandIds::add);
    ArrayNode sexIds = out.putArray("sexes");
    sexes.forEach(sexIds::add);
    out.put("n", cell.n());
    out.put("mean", cell.mean());
    out.put("sd", cell.sd());
    if (cell.pooled()) {
      out.put("pooled", true);
    }
    PercentileTable table = cell.table();
    if (table != null) {
      ObjectNode percentiles = out.putObject("percentiles");
      percentiles.put("from", table.from());
      ArrayNode values = percentiles.putArray("values");
      table.percentiles().forEach(values::add);
    }
  }

  /** The bands and sexes of a run of cells that is exactly their grid, band outer, sex inner. */
  private record Grid(List<String> bands, List<String> sexes) {

    static Optional<Grid> of(List<NormCell> run) {
      List<String> bands = new ArrayList<>();
      List<String> sexes = new ArrayList<>();
      for (NormCell cell : run) {
        if (!bands.contains(cell.band().id())) {
          bands.add(cell.band().id());
        }
        String sex = String.valueOf(cell.sex());
        if (!sexes.contains(sex)) {
          sexes.add(sex);
        }
      }
      if (run.size() != bands.size() * sexes.size()) {
        return Optional.empty();
      }
      for (int k = 0; k < run.size(); k++) {
        NormCell cell = run.get(k);
        if (!cell.band().id().equals(bands.get(k / sexes.size()))
            || !String.valueOf(cell.sex()).equals(sexes.get(k % sexes.size()))) {
          return Optional.empty();
        }
      }
      return Optional.of(new Grid(bands, sexes));
    }
  }
}
