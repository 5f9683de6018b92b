package org.huxin.engine.renorm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.norms.LocalNormBuilder.RefusedCell;
import org.huxin.engine.store.DuplicateKeyException;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;
import org.huxin.scales.NormSet;
import org.huxin.scales.NormSetJson;
import org.huxin.scales.ScaleFileException;
import org.huxin.scales.SchoolBand;

/**
 * Saved norm set versions, one row of {@code norm_set} each: the set as {@link NormSetJson} writes
 * it, and where it came from (the window it was built from, the minimum n and the refused cells, or
 * a copy of a shipped file). A version is immutable once saved: saving it again fails and the
 * database refuses updates and deletes, so {@code result.norm_version} always names figures that
 * can be read back.
 */
public final class NormSetStore {

  /** The version a norm set id gets first; later ones bump the minor number. */
  public static final String FIRST_VERSION = "1.0.0";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final String COLUMNS =
      "scale_id, version, source, created_at, norm_table::text, window_id, minimum_n,"
          + " refused::text";

  /**
   * Where a saved set came from.
   *
   * @param source {@code window <id>} for a set built from a window, {@code shipped} for a copy of
   *     a norm file shipped with the scales
   * @param windowId the window it was built from, or null
   * @param minimumN the smallest n a cell was allowed, or null
   * @param refused the cells left out, and why
   */
  public record Provenance(
      String source, Long windowId, Integer minimumN, List<RefusedCell> refused) {

    public Provenance {
      if (source == null || source.isBlank()) {
        throw new IllegalArgumentException("source must not be blank");
      }
      refused = List.copyOf(refused);
    }

    /** A set built from window {@code windowId} with cells of at least {@code minimumN}. */
    public static Provenance window(long windowId, int minimumN, List<RefusedCell> refused) {
      return new Provenance("window " + windowId, windowId, minimumN, refused);
    }

    /** A copy of a norm file shipped with the scales. */
    public static Provenance shipped() {
      return new Provenance("shipped", null, null, List.of());
    }
  }

  /** A saved version and its provenance. */
  public record Saved(NormSet set, Provenance provenance, Instant createdAt) {

    public Saved {
      Objects.requireNonNull(set, "set");
      Objects.requireNonNull(provenance, "provenance");
      Objects.requireNonNull(createdAt, "createdAt");
    }

    /** {@code id@version}. */
    public String label() {
      return set.label();
    }
  }

  private final DataSource dataSource;

  public NormSetStore(DataSource dataSource) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
  }

  /**
   * Saves a new version.
   *
   * @throws DuplicateKeyException if {@code id@version} is already saved (versions are immutable:
   *     build a new version)
   */
  public Saved save(NormSet set, Provenance provenance) {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(provenance, "provenance");
    String sql =
        "INSERT INTO norm_set (scale_id, version, source, norm_table, window_id, minimum_n,"
            + " refused) VALUES (?, ?, ?, ?::jsonb, ?, ?, ?::jsonb) RETURNING "
            + COLUMNS;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, set.id());
      ps.setString(2, set.version());
      ps.setString(3, provenance.source());
      ps.setString(4, NormSetJson.write(set));
      Jdbc.setLong(ps, 5, provenance.windowId());
      if (provenance.minimumN() == null) {
        ps.setNull(6, Types.INTEGER);
      } else {
        ps.setInt(6, provenance.minimumN());
      }
      ps.setString(7, refusedJson(provenance.refused()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return read(rs);
      }
    } catch (SQLException e) {
      StoreException failure = Sql.failure("save norm set " + set.label(), e);
      if (failure instanceof DuplicateKeyException) {
        throw new DuplicateKeyException(
            "norm set "
                + set.label()
                + " is already saved and saved versions never change; save it as a new version",
            e);
      }
      throw failure;
    }
  }

  /**
   * Saves {@code set} unless that version is saved already, and returns the saved one.
   *
   * @throws StoreException if a different set is saved under the same {@code id@version}
   */
  public Saved saveIfAbsent(NormSet set, Provenance provenance) {
    Optional<Saved> existing = find(set.id(), set.version());
    if (existing.isEmpty()) {
      try {
        return save(set, provenance);
      } catch (DuplicateKeyException raced) {
        existing = find(set.id(), set.version());
        if (existing.isEmpty()) {
          throw raced;
        }
      }
    }
    if (!existing.get().set().equals(set)) {
      throw new StoreException(
          "norm set "
              + set.label()
              + " is saved with other figures than the ones given; a version never changes, so"
              + " the changed set needs a new version number");
    }
    return existing.get();
  }

  /** The saved set {@code id@version}. */
  public Optional<Saved> find(String id, String version) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    String sql = "SELECT " + COLUMNS + " FROM norm_set WHERE scale_id = ? AND version = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, id);
      ps.setString(2, version);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(read(rs)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("find norm set " + id + "@" + version, e);
    }
  }

  /**
   * The saved set labelled {@code id@version}.
   *
   * @throws IllegalArgumentException if the label is not of that form
   */
  public Optional<Saved> find(String label) {
    int at = label.indexOf('@');
    if (at <= 0 || at == label.length() - 1 || label.indexOf('@', at + 1) >= 0) {
      throw new IllegalArgumentException(
          "norm set label '" + label + "' must be id@version, e.g. local-w3@1.0.0");
    }
    return find(label.substring(0, at), label.substring(at + 1));
  }

  /** Every saved version, by id and then version number. */
  public List<Saved> list() {
    String sql = "SELECT " + COLUMNS + " FROM norm_set";
    List<Saved> out = new ArrayList<>();
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql);
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        out.add(read(rs));
      }
    } catch (SQLException e) {
      throw Sql.failure("list norm sets", e);
    }
    out.sort(
        Comparator.comparing((Saved s) -> s.set().id())
            .thenComparing((a, b) -> compareVersions(a.set().version(), b.set().version())));
    return out;
  }

  /**
   * The version a new set {@code id} gets: {@value #FIRST_VERSION} for the first, then the highest
   * saved version with its minor number bumped (1.0.0, 1.1.0, 1.2.0, …).
   */
  public String nextVersion(String id) {
    Objects.requireNonNull(id, "id");
    String highest = null;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps =
            c.prepareStatement("SELECT version FROM norm_set WHERE scale_id = ?")) {
      ps.setString(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          String version = rs.getString(1);
          if (highest == null || compareVersions(version, highest) > 0) {
            highest = version;
          }
        }
      }
    } catch (SQLException e) {
      throw Sql.failure("read the versions of norm set " + id, e);
    }
    if (highest == null) {
      return FIRST_VERSION;
    }
    String[] parts = highest.split("\\.");
    int major = Integer.parseInt(parts[0]);
    int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    return major + "." + (minor + 1) + ".0";
  }

  /** Orders dotted version numbers numerically: 1.10.0 after 1.9.0. */
  static int compareVersions(String a, String b) {
    String[] x = a.split("\\.");
    String[] y = b.split("\\.");
    for (int i = 0; i < Math.max(x.length, y.length); i++) {
      int cmp =
          Long.compare(
              i < x.length ? Long.parseLong(x[i]) : 0, i < y.length ? Long.parseLong(y[i]) : 0);
      if (cmp != 0) {
        return cmp;
      }
    }
    return 0;
  }

  private static Saved read(ResultSet rs) throws SQLException {
    String label = rs.getString(1) + "@" + rs.getString(2);
    NormSet set;
    try {
      set = NormSetJson.read(rs.getString(5), "norm_set " + label);
    } catch (ScaleFileException e) {
      throw new StoreException("stored " + e.getMessage(), e);
    }
    int minimumN = rs.getInt(7);
    Integer minimum = rs.wasNull() ? null : minimumN;
    Provenance provenance =
        new Provenance(
            rs.getString(3),
            Jdbc.nullableLong(rs, "window_id"),
            minimum,
            refused(label, rs.getString(8)));
    return new Saved(set, provenance, Jdbc.instant(rs, "created_at"));
  }

  private static String refusedJson(List<RefusedCell> refused) {
    ArrayNode array = MAPPER.createArrayNode();
    for (RefusedCell cell : refused) {
      array
          .addObject()
          .put("target", cell.target())
          .put("band", cell.band().id())
          .put("sex", String.valueOf(cell.sex()))
          .put("n", cell.n())
          .put("reason", cell.reason());
    }
    return array.toString();
  }

  private static List<RefusedCell> refused(String label, String json) {
    try {
      List<RefusedCell> out = new ArrayList<>();
      for (JsonNode cell : MAPPER.readTree(json)) {
        out.add(
            new RefusedCell(
                cell.path("target").asText(),
                SchoolBand.ofId(cell.path("band").asText()),
                cell.path("sex").asText().charAt(0),
                cell.path("n").asInt(),
                cell.path("reason").asText()));
      }
      return out;
    } catch (JsonProcessingException | RuntimeException e) {
      throw new StoreException("the refused cells of norm set " + label + " cannot be read", e);
    }
  }
}
