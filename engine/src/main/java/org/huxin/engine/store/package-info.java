/**
 * The PostgreSQL store: {@link org.huxin.engine.store.Store} opens it (an embedded PostgreSQL 17
 * when no {@code PG_URL} is given, a HikariCP pool, Flyway migrations from {@code db/migration}).
 * {@link org.huxin.engine.store.ResultWriter} stores scored results with group commit and writes
 * crisis alerts to the outbox in the same transaction; the result table is partitioned by window
 * and hashed by student. Small JDBC repositories hold the roster (names encrypted by {@link
 * org.huxin.engine.store.NameCipher}), screening windows, staff accounts, progress counts, the
 * alert outbox with the phone channels and messages it owes ({@link
 * org.huxin.engine.store.AlertChannels}, {@link org.huxin.engine.store.AlertNotifications}),
 * guardian consent per window ({@link org.huxin.engine.store.GuardianConsents}) and the audit
 * trail. The application connects as {@code huxin_app}, which may append to the audit trail but not
 * change it; the migrations and offline jobs connect as the schema's owner. Plain Java and JDBC;
 * nothing here logs a name or an answer.
 */
package org.huxin.engine.store;
