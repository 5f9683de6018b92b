/**
 * The store's ground floor, which no feature lives in: {@link org.huxin.engine.store.Store} opens
 * PostgreSQL (an embedded PostgreSQL 17 when no {@code PG_URL} is given), migrates it with Flyway
 * from {@code db/migration} as the schema's owner and pools connections as {@code huxin_app}, which
 * may append to the audit trail but not change it; offline jobs connect as the owner. Around it:
 * the typed errors ({@link org.huxin.engine.store.StoreException}), the one way to run a JDBC
 * transaction ({@link org.huxin.engine.store.Transactions}), the JDBC and {@code COPY} helpers
 * every feature's store uses, and {@link org.huxin.engine.store.NameCipher}, which encrypts names
 * at rest. Each feature ({@code results}, {@code windows}, {@code roster}, {@code staff}, {@code
 * audit}, {@code alerts}, {@code progress}, {@code renorm}, …) owns its records and SQL and takes
 * the store's data source. Nothing here imports a feature or logs a name or an answer.
 */
package org.huxin.engine.store;
