package org.huxin.engine.alerts;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.huxin.engine.alerts.AlertChannel.Kind;
import org.huxin.engine.store.Jdbc;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.Rows;
import org.huxin.engine.store.Sql;

/**
 * The alert channels of schools and districts ({@code alert_channel}). The URL and the secret are
 * encrypted with the data key ({@link NameCipher}) and decrypted only for a send ({@link #target});
 * listings show the URL's scheme and host. Disabling or deleting a channel hands its unsent
 * messages to the channels that now stand in for it, in the same transaction.
 *
 * <p>What staff requests do (list, create, change, delete) runs on the reactive {@link SqlClient}
 * it is given; what the notifier does around a send ({@link #target}, {@link #recordOk}, {@link
 * #recordError}) runs over JDBC on its own thread.
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
  public Future<List<AlertChannel>> list(SqlClient client, Long districtId, Long schoolId) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " WHERE true");
    Tuple parameters = Tuple.tuple();
    if (districtId != null) {
      parameters.addLong(districtId);
      sql.append(" AND c.district_id = $").append(parameters.size());
    }
    if (schoolId != null) {
      parameters.addLong(schoolId);
      sql.append(" AND c.school_id = $").append(parameters.size());
    }
    sql.append(" ORDER BY c.district_id, c.school_id NULLS FIRST, c.id");
    return client
        .preparedQuery(sql.toString())
        .execute(parameters)
        .map(rows -> Rows.list(rows, AlertChannelStore::channel))
        .recover(Sql.failed("read alert channels"));
  }

  public Future<Optional<AlertChannel>> find(SqlClient client, long id) {
    return client
        .preparedQuery("SELECT " + COLUMNS + " WHERE c.id = $1")
        .execute(Tuple.of(id))
        .map(rows -> Optional.ofNullable(Rows.first(rows, AlertChannelStore::channel)))
        .recover(Sql.failed("read alert channel " + id));
  }

  /** The district of school {@code schoolId}, if the school exists. */
  public Future<Optional<Long>> districtOfSchool(SqlClient client, long schoolId) {
    return single(client, "SELECT district_id FROM school WHERE id = $1", schoolId);
  }

  /** Whether district {@code districtId} exists. */
  public Future<Boolean> districtExists(SqlClient client, long districtId) {
    return single(client, "SELECT id FROM district WHERE id = $1", districtId)
        .map(Optional::isPresent);
  }

  /**
   * Stores a new channel created by staff member {@code staffId}. The caller checked the URL's
   * scheme ({@link ChannelUrl#check}) and that the school lies in the district. Run it in a
   * transaction with what records it.
   */
  public Future<AlertChannel> create(SqlClient client, NewAlertChannel channel, long staffId) {
    Objects.requireNonNull(channel, "channel");
    URI url;
    try {
      url = ChannelUrl.check(channel.url(), true);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    String sql =
        "INSERT INTO alert_channel (district_id, school_id, kind, name, url_enc, url_shown,"
            + " secret_enc, recipients, enabled, created_by, updated_by)"
            + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
    Tuple parameters =
        Tuple.of(
            channel.districtId(),
            channel.schoolId(),
            channel.kind().key(),
            channel.name(),
            encrypted(url.toString()),
            ChannelUrl.shown(url),
            encrypted(channel.secret()),
            channel.recipients().toArray(String[]::new),
            channel.enabled(),
            staffId,
            staffId);
    return client
        .preparedQuery(sql)
        .execute(parameters)
        .compose(rows -> find(client, rows.iterator().next().getLong(0)))
        .map(Optional::orElseThrow)
        .recover(
            Sql.failed(
                "create a "
                    + channel.kind().key()
                    + " channel in district "
                    + channel.districtId()));
  }

  /**
   * Applies {@code change} by staff member {@code staffId}; empty if there is no such channel.
   * Fails with an {@link IllegalArgumentException} that names a field the change would leave
   * invalid. Switching a channel off hands its unsent messages to the channels that now stand in
   * for it. Run it in a transaction: it locks the channel's row, changes it and hands its messages
   * on.
   */
  public Future<Optional<AlertChannel>> update(
      SqlClient tx, long id, AlertChannelChange change, long staffId) {
    Objects.requireNonNull(change, "change");
    URI url;
    try {
      url = change.url() == null ? null : ChannelUrl.check(change.url(), true);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    return tx.preparedQuery(
            "SELECT kind, name, secret_enc IS NOT NULL AS had_secret, recipients, enabled"
                + " FROM alert_channel WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(
            rows -> {
              Row before = Rows.first(rows, row -> row);
              if (before == null) {
                return Future.succeededFuture(Optional.<AlertChannel>empty());
              }
              Kind kind = Kind.ofKey(before.getString("kind"));
              String name = change.name() == null ? before.getString("name") : change.name();
              List<String> recipients =
                  change.recipients() == null
                      ? Arrays.asList(before.getArrayOfStrings("recipients"))
                      : change.recipients();
              boolean setSecret = change.secret() != null;
              String secret = setSecret && !change.secret().isEmpty() ? change.secret() : null;
              boolean hasSecret = setSecret ? secret != null : before.getBoolean("had_secret");
              NewAlertChannel.check(kind, name, hasSecret, secret, recipients);
              boolean wasEnabled = before.getBoolean("enabled");
              boolean enabled = change.enabled() == null ? wasEnabled : change.enabled();
              Tuple parameters =
                  Tuple.of(
                      name,
                      url == null ? null : encrypted(url.toString()),
                      url == null ? null : ChannelUrl.shown(url),
                      setSecret,
                      encrypted(secret),
                      recipients.toArray(String[]::new),
                      enabled,
                      staffId,
                      id);
              Future<?> updated =
                  tx.preparedQuery(
                          "UPDATE alert_channel SET name = $1, url_enc = coalesce($2, url_enc),"
                              + " url_shown = coalesce($3, url_shown),"
                              + " secret_enc = CASE WHEN $4 THEN $5 ELSE secret_enc END,"
                              + " recipients = $6, enabled = $7, updated_by = $8,"
                              + " updated_at = now() WHERE id = $9")
                      .execute(parameters);
              Future<?> handedOn =
                  wasEnabled && !enabled
                      ? updated.compose(v -> AlertNotificationStore.reroute(tx, id))
                      : updated;
              return handedOn.compose(v -> find(tx, id));
            })
        .recover(Sql.failed("update alert channel " + id));
  }

  /**
   * Deletes a channel and its notifications, first handing its unsent messages to the channels that
   * now stand in for it; false if there was no such channel. Run it in a transaction.
   */
  public Future<Boolean> delete(SqlClient tx, long id) {
    return tx.preparedQuery("SELECT id FROM alert_channel WHERE id = $1 FOR UPDATE")
        .execute(Tuple.of(id))
        .compose(
            rows ->
                rows.size() == 0
                    ? Future.succeededFuture(false)
                    : AlertNotificationStore.reroute(tx, id)
                        .compose(
                            added ->
                                tx.preparedQuery("DELETE FROM alert_channel WHERE id = $1")
                                    .execute(Tuple.of(id)))
                        .map(deleted -> true))
        .recover(Sql.failed("delete alert channel " + id));
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

  /** As {@link #target(long)} on {@code client}: the channel decrypted for a send, if it exists. */
  public Future<Optional<ChannelTarget>> target(SqlClient client, long id) {
    return client
        .preparedQuery(
            "SELECT id, district_id, school_id, kind, url_enc, secret_enc, recipients"
                + " FROM alert_channel WHERE id = $1")
        .execute(Tuple.of(id))
        .map(
            rows ->
                Optional.ofNullable(
                    Rows.first(
                        rows,
                        r -> {
                          Buffer secret = r.getBuffer("secret_enc");
                          return new ChannelTarget(
                              r.getLong("id"),
                              r.getLong("district_id"),
                              r.getLong("school_id"),
                              Kind.ofKey(r.getString("kind")),
                              cipher.decrypt(r.getBuffer("url_enc").getBytes()),
                              secret == null ? null : cipher.decrypt(secret.getBytes()),
                              Arrays.asList(r.getArrayOfStrings("recipients")));
                        })))
        .recover(Sql.failed("read alert channel " + id + " for sending"));
  }

  /**
   * Records the outcome of a test of channel {@code id} on {@code client} (run it in a
   * transaction): a good send clears its failing state and makes its failing messages due now, a
   * failed one records {@code error} (short, no secrets). The future holds how many messages are
   * due again, for the notifier to be nudged.
   */
  public Future<Integer> recordTest(SqlClient client, long id, Instant at, String error) {
    if (error != null) {
      return client
          .preparedQuery(
              "UPDATE alert_channel SET last_error_at = $1, last_error = $2,"
                  + " failing_since = coalesce(failing_since, $1) WHERE id = $3")
          .execute(
              Tuple.tuple()
                  .addValue(Rows.at(at))
                  .addString(AlertNotificationStore.shorten(error))
                  .addLong(id))
          .map(0)
          .recover(Sql.failed("record the health of alert channel " + id));
    }
    Future<?> healthy =
        client
            .preparedQuery(
                "UPDATE alert_channel SET last_ok_at = $1, failing_since = NULL WHERE id = $2")
            .execute(Tuple.of(Rows.at(at), id));
    Future<Integer> due =
        client
            .preparedQuery(
                "UPDATE alert_notification SET next_attempt_at = NULL"
                    + " WHERE channel_id = $1 AND status = 'failing'")
            .execute(Tuple.of(id))
            .map(rows -> rows.rowCount());
    return Future.all(healthy, due)
        .map(v -> due.result())
        .recover(Sql.failed("record the health of alert channel " + id));
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

  private static Future<Optional<Long>> single(SqlClient client, String sql, long id) {
    return client
        .preparedQuery(sql)
        .execute(Tuple.of(id))
        .map(rows -> Optional.ofNullable(Rows.first(rows, row -> row.getLong(0))))
        .recover(Sql.failed("look up org unit " + id));
  }

  /** {@code clear} encrypted for a {@code bytea} column; null stays null. */
  private Buffer encrypted(String clear) {
    return clear == null ? null : Buffer.buffer(cipher.encrypt(clear));
  }

  private static AlertChannel channel(Row row) {
    return new AlertChannel(
        row.getLong("id"),
        row.getLong("district_id"),
        row.getString("district_name"),
        row.getLong("school_id"),
        row.getString("school_name"),
        Kind.ofKey(row.getString("kind")),
        row.getString("name"),
        row.getString("url_shown"),
        row.getBoolean("has_secret"),
        Arrays.asList(row.getArrayOfStrings("recipients")),
        row.getBoolean("enabled"),
        row.getLong("created_by"),
        Rows.instant(row, "created_at"),
        row.getLong("updated_by"),
        Rows.instant(row, "updated_at"),
        Rows.instant(row, "last_ok_at"),
        Rows.instant(row, "last_error_at"),
        row.getString("last_error"),
        Rows.instant(row, "failing_since"),
        row.getLong("failing_notifications"));
  }
}
