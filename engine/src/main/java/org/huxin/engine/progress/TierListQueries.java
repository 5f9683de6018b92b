package org.huxin.engine.progress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.huxin.engine.store.NameCipher;
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
             t.crisis, t.validity, t.fired_rules, t.scores -> 'firedRules', t.form, t.forms,
             t.submitted_at, t.crisis_level,
             EXISTS (SELECT 1 FROM alert_outbox a
                      WHERE a.window_id = ? AND a.student_id = t.student_id
                        AND a.acknowledged_at IS NULL) AS alert_pending,
             t.battery_id
        FROM (SELECT DISTINCT ON (r.student_id)
                     r.student_id, r.grade, r.class_id, r.sex, r.tier, r.crisis, r.validity,
                     r.fired_rules, r.scores, r.form, r.submitted_at, r.crisis_level, r.battery_id,
                     count(*) OVER (PARTITION BY r.student_id) AS forms
                FROM result r
               WHERE r.window_id = ? AND r.school_id = ?
               ORDER BY r.student_id, r.tier DESC, r.crisis_level DESC, r.submitted_at DESC) AS t
        JOIN student s ON s.id = t.student_id
        JOIN school_class c ON c.id = t.class_id
       WHERE (?::int2 IS NULL OR t.tier = ?) AND t.tier >= ?
       ORDER BY t.tier DESC, t.crisis DESC, t.crisis_level DESC, t.grade, c.name, s.student_no
       LIMIT ?
      """;

  private final DataSource dataSource;
  private final NameCipher names;

  public TierListQueries(DataSource dataSource, NameCipher names) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.names = Objects.requireNonNull(names, "names");
  }

  /**
   * The school's screened students in the window: at {@code tier} only when it is not null, and at
   * {@code minTier} or above (0 for all).
   */
  public List<TierListEntry> list(long windowId, long schoolId, Integer tier, int minTier) {
    if (tier != null && (tier < 0 || tier > 3)) {
      throw new IllegalArgumentException("tier must be 0..3, got " + tier);
    }
    if (minTier < 0 || minTier > 3) {
      throw new IllegalArgumentException("minTier must be 0..3, got " + minTier);
    }
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(LIST)) {
      ps.setLong(1, windowId);
      ps.setLong(2, windowId);
      ps.setLong(3, schoolId);
      if (tier == null) {
        ps.setNull(4, java.sql.Types.SMALLINT);
        ps.setNull(5, java.sql.Types.SMALLINT);
      } else {
        ps.setShort(4, tier.shortValue());
        ps.setShort(5, tier.shortValue());
      }
      ps.setInt(6, minTier);
      ps.setInt(7, LIMIT);
      List<TierListEntry> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(
              new TierListEntry(
                  rs.getLong(1),
                  rs.getString(2),
                  names.decrypt(rs.getBytes(3)),
                  rs.getInt(4),
                  rs.getLong(5),
                  rs.getString(6),
                  rs.getString(7).charAt(0),
                  rs.getInt(8),
                  rs.getBoolean(9),
                  rs.getInt(10),
                  rules(rs.getArray(11), rs.getString(12)),
                  rs.getString(13),
                  rs.getInt(14),
                  rs.getTimestamp(15).toInstant(),
                  rs.getInt(16),
                  rs.getBoolean(17),
                  rs.getString(18)));
        }
      }
      return out;
    } catch (SQLException e) {
      throw new StoreException(
          "tier list of school " + schoolId + " in window " + windowId + ": " + e.getMessage(), e);
    }
  }

  /** The fired rule ids in stored order, each with the explanation the scores JSON holds for it. */
  static List<RuleHit> rules(Array ids, String explained) throws SQLException {
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
    for (Object o : (Object[]) ids.getArray()) {
      String id = (String) o;
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
