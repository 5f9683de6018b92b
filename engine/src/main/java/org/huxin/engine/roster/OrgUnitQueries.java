package org.huxin.engine.roster;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.huxin.engine.roster.OrgUnits.School;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * Reads the city's organisation: every district and school ({@link #all}), one school, and the
 * labels of classes. The one place that names org units, for the progress views, the tier lists and
 * the reports alike. Every method runs on the {@link SqlClient} it is given.
 */
public final class OrgUnitQueries {

  private static final String DISTRICTS = "SELECT id, code, name FROM district ORDER BY code";
  private static final String SCHOOLS =
      "SELECT id, district_id, code, name, stage FROM school ORDER BY code";
  private static final String SCHOOL =
      "SELECT id, district_id, code, name, stage FROM school WHERE id = $1";
  private static final String CLASSES =
      """
      SELECT c.id, c.name, c.grade, s.id, s.name, d.id, d.name
        FROM school_class c
        JOIN school s ON s.id = c.school_id
        JOIN district d ON d.id = s.district_id
       WHERE c.id = ANY($1)
      """;

  /** Every district and school, ordered by code; the two reads are pipelined. */
  public Future<OrgUnits> all(SqlClient client) {
    Future<List<OrgUnits.District>> districts =
        client
            .preparedQuery(DISTRICTS)
            .execute()
            .map(
                rows ->
                    Rows.list(
                        rows,
                        r -> new OrgUnits.District(r.getLong(0), r.getString(1), r.getString(2))));
    Future<List<School>> schools =
        client
            .preparedQuery(SCHOOLS)
            .execute()
            .map(rows -> Rows.list(rows, OrgUnitQueries::school));
    return Future.all(districts, schools)
        .map(v -> new OrgUnits(districts.result(), schools.result()))
        .recover(Sql.failed("read districts and schools"));
  }

  /** The school, or empty if there is no such school. */
  public Future<Optional<School>> school(SqlClient client, long schoolId) {
    return client
        .preparedQuery(SCHOOL)
        .execute(Tuple.of(schoolId))
        .map(rows -> Optional.ofNullable(Rows.first(rows, OrgUnitQueries::school)))
        .recover(Sql.failed("read school " + schoolId));
  }

  private static School school(Row r) {
    return new School(r.getLong(0), r.getLong(1), r.getString(2), r.getString(3), r.getString(4));
  }

  /** The labels of those of {@code classIds} that exist, by class id. */
  public Future<Map<Long, ClassLabel>> classes(SqlClient client, Collection<Long> classIds) {
    if (classIds.isEmpty()) {
      return Future.succeededFuture(new HashMap<>());
    }
    return client
        .preparedQuery(CLASSES)
        .execute(Tuple.of(classIds.toArray(Long[]::new)))
        .map(
            rows -> {
              Map<Long, ClassLabel> out = new HashMap<>();
              for (Row r : rows) {
                out.put(
                    r.getLong(0),
                    new ClassLabel(
                        r.getLong(0),
                        r.getString(1),
                        r.getInteger(2),
                        r.getLong(3),
                        r.getString(4),
                        r.getLong(5),
                        r.getString(6)));
              }
              return out;
            })
        .recover(Sql.failed("read " + classIds.size() + " classes"));
  }
}
