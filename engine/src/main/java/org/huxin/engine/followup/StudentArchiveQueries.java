package org.huxin.engine.followup;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.huxin.engine.renorm.NormSets;
import org.huxin.engine.renorm.RenormException;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;
import org.huxin.scales.NormSet;
import org.huxin.scales.NormSetJson;
import org.huxin.scales.ScaleFileException;
import org.huxin.scales.ScaleLibrary;

/**
 * Reads one student's archive: who they are (name decrypted), every result of every window, oldest
 * window first, and the norm sets those results name. Results are looked up window by window
 * ({@code window_id = ANY(...) AND student_id = $1}), so each window's hash partition is pruned to
 * the one that holds the student. Every method runs on the {@link SqlClient} it is given.
 */
public final class StudentArchiveQueries {

  private static final String STUDENT =
      """
      SELECT s.id, s.student_no, s.name_enc, s.district_id, s.school_id, sc.name AS school_name,
             s.class_id, c.name AS class_name, s.grade, s.sex, s.birth_year,
             s.consent_guardian, s.consent_at
        FROM student s
        JOIN school sc ON sc.id = s.school_id
        JOIN school_class c ON c.id = s.class_id
       WHERE s.id = $1
      """;

  private static final String RESULTS =
      """
      SELECT r.id, r.window_id, w.name AS window_name, w.opens_at, w.closes_at, r.form,
             r.battery_id, r.norm_version, r.tier, r.crisis, r.crisis_level, r.validity,
             r.fired_rules,
             r.scores::text AS scores, r.submitted_at
        FROM result r
        JOIN screening_window w ON w.id = r.window_id
       WHERE r.window_id = ANY (ARRAY(SELECT id FROM screening_window)) AND r.student_id = $1
       ORDER BY w.opens_at, w.id, r.form
      """;

  private static final String SAVED_NORM_SETS =
      "SELECT scale_id, version, norm_table::text FROM norm_set"
          + " WHERE scale_id || '@' || version = ANY($1::text[])";

  private final NameCipher names;

  public StudentArchiveQueries(NameCipher names) {
    this.names = Objects.requireNonNull(names, "names");
  }

  /** The student with name, school and class, or empty if there is no such student. */
  public Future<Optional<ArchiveStudent>> student(SqlClient client, long studentId) {
    return client
        .preparedQuery(STUDENT)
        .execute(Tuple.of(studentId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, this::student)))
        .recover(Sql.failed("read student " + studentId + " for the archive"));
  }

  private ArchiveStudent student(Row r) {
    return new ArchiveStudent(
        r.getLong("id"),
        r.getString("student_no"),
        names.decrypt(r.getBuffer("name_enc").getBytes()),
        r.getLong("district_id"),
        r.getLong("school_id"),
        r.getString("school_name"),
        r.getLong("class_id"),
        r.getString("class_name"),
        r.getInteger("grade"),
        r.getString("sex").charAt(0),
        r.getInteger("birth_year"),
        r.getBoolean("consent_guardian"),
        Rows.instant(r, "consent_at"));
  }

  /** Every result of the student in every window, oldest window first, then by form. */
  public Future<List<ArchiveResult>> results(SqlClient client, long studentId) {
    return client
        .preparedQuery(RESULTS)
        .execute(Tuple.of(studentId))
        .map(rows -> Rows.list(rows, StudentArchiveQueries::result))
        .recover(Sql.failed("read the results of student " + studentId));
  }

  private static ArchiveResult result(Row r) {
    String[] fired = r.getArrayOfStrings("fired_rules");
    return new ArchiveResult(
        r.getLong("id"),
        r.getLong("window_id"),
        r.getString("window_name"),
        Rows.instant(r, "opens_at"),
        Rows.instant(r, "closes_at"),
        r.getString("form"),
        r.getString("battery_id"),
        r.getString("norm_version"),
        r.getInteger("tier"),
        r.getBoolean("crisis"),
        r.getInteger("crisis_level"),
        r.getInteger("validity"),
        fired == null ? List.of() : Arrays.asList(fired),
        r.getString("scores"),
        Rows.instant(r, "submitted_at"));
  }

  /**
   * The norm sets each of {@code normVersions} names (as results record it, {@code id@version}
   * joined by {@code +}), for their labels: a saved version, unless the library ships one of that
   * version with the same cells, else the shipped one, as {@link NormSets#find} chooses. A set
   * neither saved nor shipped, and a version that names no set, is left out.
   */
  public Future<Map<String, List<NormSet>>> normSets(
      SqlClient client, Collection<String> normVersions, ScaleLibrary library) {
    Map<String, List<String>> parts = new HashMap<>();
    Set<String> labels = new LinkedHashSet<>();
    for (String version : normVersions) {
      List<String> named;
      try {
        named = NormSets.split(version);
      } catch (RenormException e) {
        named = List.of(); // not id@version: its scores show without a label
      }
      parts.put(version, named);
      labels.addAll(named);
    }
    Future<Map<String, NormSet>> saved =
        labels.isEmpty() ? Future.succeededFuture(Map.of()) : saved(client, labels);
    return saved.map(
        savedSets -> {
          Map<String, List<NormSet>> out = new HashMap<>();
          parts.forEach(
              (version, named) -> {
                List<NormSet> sets = new ArrayList<>();
                for (String one : named) {
                  Optional<NormSet> shipped = library.findNormSet(one);
                  NormSet copy = savedSets.get(one);
                  if (copy != null) {
                    sets.add(
                        shipped.isPresent() && shipped.get().cells().equals(copy.cells())
                            ? shipped.get()
                            : copy);
                  } else {
                    shipped.ifPresent(sets::add);
                  }
                }
                out.put(version, List.copyOf(sets));
              });
          return out;
        });
  }

  private static Future<Map<String, NormSet>> saved(SqlClient client, Set<String> labels) {
    return client
        .preparedQuery(SAVED_NORM_SETS)
        .execute(Tuple.of(labels.toArray(String[]::new)))
        .recover(Sql.failed("read " + labels.size() + " saved norm sets"))
        .map(
            rows -> {
              Map<String, NormSet> out = new HashMap<>();
              for (Row r : rows) {
                String label = r.getString(0) + "@" + r.getString(1);
                try {
                  out.put(label, NormSetJson.read(r.getString(2), "norm_set " + label));
                } catch (ScaleFileException e) {
                  throw new StoreException("stored " + e.getMessage(), e);
                }
              }
              return out;
            });
  }
}
