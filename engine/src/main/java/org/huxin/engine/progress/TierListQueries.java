package org.huxin.engine.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.StoreException;

/**
 * One school's screened students in a window, highest tier (and, in tier 3, highest crisis level)
 * first. A student with several forms (self, teacher, parent) is listed once, with the form of
 * their highest tier and level (the latest of equal ones); the fired rules carry the explanations
 * stored with that form's scores.
 */
public final class TierListQueries {

  /** Most students one list returns; a school is far smaller. */
  public static final int LIMIT = 10_000;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private static final String LIST =
      """
      SELECT t.student_id, s.student_no, s.name_enc, t.grade, t.class_id, c.name, t.sex, t.tier,
             t.crisis, t.validity, t.fired_rules, (t.scores -> 'firedRules')::text, t.form, t.forms,
             t.submitted_at, t.crisis_level,
             EXISTS (SELECT 1 FROM alert_outbox a
                      WHERE a.window_id = $1 AND a.student_id = t.student_id
                        AND a.acknowledged_at IS NULL) AS alert_pending,
             t.battery_id
        FROM (SELECT DISTINCT ON (r.student_id)
                     r.student_id, r.grade, r.class_id, r.sex, r.tier, r.crisis, r.validity,
                     r.fired_rules, r.scores, r.form, r.submitted_at, r.crisis_level, r.battery_id,
                     count(*) OVER (PARTITION BY r.student_id) AS forms
                FROM result r
               WHERE r.window_id = $1 AND r.school_id = $2
               ORDER BY r.student_id, r.tier DESC, r.crisis_level DESC, r.submitted_at DESC) AS t
        JOIN student s ON s.id = t.student_id
        JOIN school_class c ON c.id = t.class_id
       WHERE ($3::int2 IS NULL OR t.tier = $3) AND t.tier >= $4
       ORDER BY t.tier DESC, t.crisis DESC, t.crisis_level DESC, t.grade, c.name, s.student_no
       LIMIT $5
      """;

  private final NameCipher names;

  public TierListQueries(NameCipher names) {
    this.names = Objects.requireNonNull(names, "names");
  }

  /**
   * The school's screened students in the window: at {@code tier} only when it is not null, and at
   * {@code minTier} or above (0 for all).
   */
  public Future<List<TierListEntry>> list(
      SqlClient client, long windowId, long schoolId, Integer tier, int minTier) {
    if (tier != null && (tier < 0 || tier > 3)) {
      return Future.failedFuture(new IllegalArgumentException("tier must be 0..3, got " + tier));
    }
    if (minTier < 0 || minTier > 3) {
      return Future.failedFuture(
          new IllegalArgumentException("minTier must be 0..3, got " + minTier));
    }
    Tuple params =
        Tuple.of(
            windowId, schoolId, tier == null ? null : tier.shortValue(), (short) minTier, LIMIT);
    return client
        .preparedQuery(LIST)
        .execute(params)
        .map(rows -> Rows.list(rows, this::entry))
        .recover(Sql.failed("tier list of school " + schoolId + " in window " + windowId));
  }

  private TierListEntry entry(Row r) {
    return new TierListEntry(
        r.getLong(0),
        r.getString(1),
        names.decrypt(r.getBuffer(2).getBytes()),
        r.getInteger(3),
        r.getLong(4),
        r.getString(5),
        r.getString(6).charAt(0),
        r.getInteger(7),
        r.getBoolean(8),
        r.getInteger(9),
        rules(r.getArrayOfStrings(10), r.getString(11)),
        r.getString(12),
        r.getInteger(13),
        r.getOffsetDateTime(14).toInstant(),
        r.getInteger(15),
        r.getBoolean(16),
        r.getString(17));
  }

  /** The fired rule ids in stored order, each with the explanation the scores JSON holds for it. */
  static List<RuleHit> rules(String[] ids, String explained) {
    Map<String, JsonNode> byId = new HashMap<>();
    if (explained != null) {
      try {
        JsonNode array = MAPPER.readTree(explained);
        for (JsonNode rule : array) {
          if (rule.hasNonNull("id")) {
            byId.putIfAbsent(rule.get("id").asText(), rule);
          }
        }
      } catch (IOException e) {
        throw new StoreException("stored firedRules is not JSON: " + e.getMessage(), e);
      }
    }
    List<RuleHit> hits = new ArrayList<>();
    for (String id : ids) {
      JsonNode rule = byId.get(id);
      hits.add(
          rule == null
              ? new RuleHit(id, null, null, null)
              : new RuleHit(
                  id,
                  rule.hasNonNull("tier") ? rule.get("tier").asInt() : null,
                  rule.hasNonNull("zh") ? rule.get("zh").asText() : null,
                  rule.hasNonNull("en") ? rule.get("en").asText() : null));
    }
    return hits;
  }
}
