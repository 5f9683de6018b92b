package org.huxin.engine.alerts;

import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.alerts.AlertChannel.Kind;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Sql;
import org.huxin.engine.store.Transactions;

/**
 * The alert channels of schools and districts ({@code alert_channel}). The URL and the secret are
 * encrypted with the data key ({@link NameCipher}) and decrypted only for a send ({@link #target});
 * listings show the URL's scheme and host. Disabling or deleting a channel hands its unsent
 * messages to the channels that now stand in for it, in the same transaction.
 */
public final class AlertChannelStore {

  private static final String COLUMNS =
      "c.id, c.district_id, d.name AS district_name, c.school_id, s.name AS school_name, c.kind,"
          + " c.name, c.url_shown, c.secret_enc IS NOT NULL AS has_secret, c.recipients,"
          + " c.enabled, c.created_by, c.created_at, c.updated_by, c.updated_at, c.last_ok_at,"
          + " c.last_error_at, c.last_error, c.failing_since,"
          + " (SELECT count(*) FROM alert_notification n"
          + "   WHERE n.channel_id = c.id AND n.status = 'failing') AS failing_notifications"
          + " FROM alert_channel c JOIN district d ON d.id = c.district_id"
          + " LEFT JOIN school s ON s.id = c.school_id";

  private final DataSource dataSource;
  private final NameCipher cipher;

  public AlertChannelStore(DataSource dataSource, NameCipher cipher) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.cipher = Objects.requireNonNull(cipher, "cipher");
  }

  /**
   * Channels of school {@code schoolId} if given, else of district {@code districtId} (its own and
   * its schools') if given, else of the whole city; by district, district's own first, then school.
   */
  public List<AlertChannel> list(Long districtId, Long schoolId) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " WHERE true");
    List<Long> parameters = new ArrayList<>(2);
    if (districtId != null) {
      sql.append(" AND c.district_id = ?");
      parameters.add(districtId);
    }
    if (schoolId != null) {
      sql.append(" AND c.school_id = ?");
      parameters.add(schoolId);
    }
    sql.append(" ORDER BY c.district_id, c.school_id NULLS FIRST, c.id");
    return query(sql.toString(), parameters);
  }

  public Optional<AlertChannel> find(long id) {
    List<AlertChannel> found = query("SELECT " + COLUMNS + " WHERE c.id = ?", List.of(id));
    return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
  }

  /** The district of school {@code schoolId}, if the school exists. */
  public Optional<Long> districtOfSchool(long schoolId) {
    return single("SELECT district_id FROM school WHERE id = ?", schoolId);
  }

  /** Whether district {@code districtId} exists. */
  public boolean districtExists(long districtId) {
    return single("SELECT id FROM district WHERE id = ?", districtId).isPresent();
  }

  /**
   * Stores a new channel created by staff member {@code staffId}. The caller checked the URL's
   * scheme ({@link ChannelUrl#check}) and that the school lies in the district.
   */
  public AlertChannel create(NewAlertChannel channel, long staffId) {
    Objects.requireNonNull(channel, "channel");
    URI url = ChannelUrl.check(channel.url(), true);
    String sql =
        "INSERT INTO alert_channel (district_id, school_id, kind, name, url_enc, url_shown,"
            + " secret_enc, recipients, enabled, created_by, updated_by)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id";
    long id;
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, channel.districtId());
      Jdbc.setLong(ps, 2, channel.schoolId());
      ps.setString(3, channel.kind().key());
      ps.setString(4, channel.name());
      ps.setBytes(5, cipher.encrypt(url.toString()));
      ps.setString(6, ChannelUrl.shown(url));
      ps.setBytes(7, channel.secret() == null ? null : cipher.encrypt(channel.secret()));
      ps.setArray(8, c.createArrayOf("text", channel.recipients().toArray()));
      ps.setBoolean(9, channel.enabled());
      ps.setLong(10, staffId);
      ps.setLong(11, staffId);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
    } catch (SQLException e) {
      throw Sql.failure(
          "create a " + channel.kind().key() + " channel in district " + channel.districtId(), e);
    }
    return find(id).orElseThrow();
  }

  /**
   * Applies {@code change} by staff member {@code staffId}; empty if there is no such channel. An
   * {@link IllegalArgumentException} names a field the change would leave invalid. Switching a
   * channel off hands its unsent messages to the channels that now stand in for it.
   */
  public Optional<AlertChannel> update(long id, AlertChannelChange change, long staffId) {
    Objects.requireNonNull(change, "change");
    URI url = change.url() == null ? null : ChannelUrl.check(change.url(), true);
    try {
      boolean found =
          Transactions.inTransaction(
              dataSource,
              c -> {
                Kind kind;
                String name;
                boolean hadSecret;
                List<String> recipients;
                boolean wasEnabled;
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "SELECT kind, name, secret_enc IS NOT NULL, recipients, enabled"
                            + " FROM alert_channel WHERE id = ? FOR UPDATE")) {
                  ps.setLong(1, id);
                  try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                      c.rollback();
                      return false;
                    }
                    kind = Kind.ofKey(rs.getString(1));
                    name = rs.getString(2);
                    hadSecret = rs.getBoolean(3);
                    recipients = Arrays.asList((String[]) rs.getArray(4).getArray());
                    wasEnabled = rs.getBoolean(5);
                  }
                }
                String newName = change.name() == null ? name : change.name();
                List<String> newRecipients =
                    change.recipients() == null ? recipients : change.recipients();
                boolean setSecret = change.secret() != null;
                String newSecret = setSecret && !change.secret().isEmpty() ? change.secret() : null;
                boolean hasSecret = setSecret ? newSecret != null : hadSecret;
                NewAlertChannel.check(kind, newName, hasSecret, newSecret, newRecipients);
                boolean enabled = change.enabled() == null ? wasEnabled : change.enabled();
                try (PreparedStatement ps =
                    c.prepareStatement(
                        "UPDATE alert_channel SET name = ?, url_enc = coalesce(?, url_enc),"
                            + " url_shown = coalesce(?, url_shown),"
                            + " secret_enc = CASE WHEN ? THEN ? ELSE secret_enc END,"
                            + " recipients = ?, enabled = ?, updated_by = ?, updated_at = now()"
                            + " WHERE id = ?")) {
                  ps.setString(1, newName);
                  ps.setBytes(2, url == null ? null : cipher.encrypt(url.toString()));
                  ps.setString(3, url == null ? null : ChannelUrl.shown(url));
                  ps.setBoolean(4, setSecret);
                  ps.setBytes(5, newSecret == null ? null : cipher.encrypt(newSecret));
                  ps.setArray(6, c.createArrayOf("text", newRecipients.toArray()));
                  ps.setBoolean(7, enabled);
                  ps.setLong(8, staffId);
                  ps.setLong(9, id);
                  ps.executeUpdate();
                }
                if (wasEnabled && !enabled) {
                  AlertNotificationStore.reroute(c, id);
                }
                return true;
              });
      if (!found) {
        return Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("update alert channel " + id, e);
    }
    return find(id);
  }

  /**
   * Deletes a channel and its notifications, first handing its unsent messages to the channels that
   * now stand in for it; false if there was no such channel.
   */
  public boolean delete(long id) {
    try {
      return Transactions.inTransaction(
          dataSource,
          c -> {
            try (PreparedStatement ps =
                c.prepareStatement("SELECT id FROM alert_channel WHERE id = ? FOR UPDATE")) {
              ps.setLong(1, id);
              try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                  c.rollback();
                  return false;
                }
              }
            }
            AlertNotificationStore.reroute(c, id);
            try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM alert_channel WHERE id = ?")) {
              ps.setLong(1, id);
              ps.executeUpdate();
            }
            return true;
          });
    } catch (SQLException e) {
      throw Sql.failure("delete alert channel " + id, e);
    }
  }

  /** Channel {@code id} decrypted for a send, enabled or not; empty if there is no such channel. */
  public Optional<ChannelTarget> target(long id) {
    String sql =
        "SELECT id, district_id, school_id, kind, url_enc, secret_enc, recipients"
            + " FROM alert_channel WHERE id = ?";
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return Optional.empty();
        }
        byte[] secret = rs.getBytes("secret_enc");
        return Optional.of(
            new ChannelTarget(
                rs.getLong("id"),
                rs.getLong("district_id"),
                Jdbc.nullableLong(rs, "school_id"),
                Kind.ofKey(rs.getString("kind")),
                cipher.decrypt(rs.getBytes("url_enc")),
                secret == null ? null : cipher.decrypt(secret),
                Arrays.asList((String[]) rs.getArray("recipients").getArray())));
      }
    } catch (SQLException e) {
      throw Sql.failure("read alert channel " + id + " for sending", e);
    }
  }

  /** Records a good send (a notification or a test) on channel {@code id}. */
  public void recordOk(long id, Instant at) {
    health(
        "UPDATE alert_channel SET last_ok_at = ?, failing_since = NULL WHERE id = ?",
        id,
        ps -> {
          Jdbc.setInstant(ps, 1, at);
          ps.setLong(2, id);
        });
  }

  /** Records a failed send on channel {@code id}; {@code error} is short and has no secrets. */
  public void recordError(long id, Instant at, String error) {
    String kept = AlertNotificationStore.shorten(Objects.requireNonNull(error, "error"));
    health(
        "UPDATE alert_channel SET last_error_at = ?, last_error = ?,"
            + " failing_since = coalesce(failing_since, ?) WHERE id = ?",
        id,
        ps -> {
          Jdbc.setInstant(ps, 1, at);
          ps.setString(2, kept);
          Jdbc.setInstant(ps, 3, at);
          ps.setLong(4, id);
        });
  }

  private void health(String sql, long id, Jdbc.Binder parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      parameters.bind(ps);
      ps.executeUpdate();
    } catch (SQLException e) {
      throw Sql.failure("record the health of alert channel " + id, e);
    }
  }

  private Optional<Long> single(String sql, long id) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setLong(1, id);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? Optional.of(rs.getLong(1)) : Optional.empty();
      }
    } catch (SQLException e) {
      throw Sql.failure("look up org unit " + id, e);
    }
  }

  private List<AlertChannel> query(String sql, List<Long> parameters) {
    try (Connection c = dataSource.getConnection();
        PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < parameters.size(); i++) {
        ps.setLong(i + 1, parameters.get(i));
      }
      List<AlertChannel> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          Array recipients = rs.getArray("recipients");
          out.add(
              new AlertChannel(
                  rs.getLong("id"),
                  rs.getLong("district_id"),
                  rs.getString("district_name"),
                  Jdbc.nullableLong(rs, "school_id"),
                  rs.getString("school_name"),
                  Kind.ofKey(rs.getString("kind")),
                  rs.getString("name"),
                  rs.getString("url_shown"),
                  rs.getBoolean("has_secret"),
                  Arrays.asList((String[]) recipients.getArray()),
                  rs.getBoolean("enabled"),
                  Jdbc.nullableLong(rs, "created_by"),
                  Jdbc.instant(rs, "created_at"),
                  Jdbc.nullableLong(rs, "updated_by"),
                  Jdbc.instant(rs, "updated_at"),
                  Jdbc.instant(rs, "last_ok_at"),
                  Jdbc.instant(rs, "last_error_at"),
                  rs.getString("last_error"),
                  Jdbc.instant(rs, "failing_since"),
                  rs.getLong("failing_notifications")));
        }
      }
      return out;
    } catch (SQLException e) {
      throw Sql.failure("read alert channels", e);
    }
  }
}
