/**
 * The store's ground floor, which no feature lives in: {@link org.huxin.engine.store.Store} opens
 * PostgreSQL (an embedded PostgreSQL 17 when no {@code PG_URL} is given), migrates it with Flyway
 * from {@code db/migration} as the schema's owner and connects as {@code huxin_app}, which may
 * append to the audit trail but not change it; offline jobs connect as the owner. Every request
 * path reaches PostgreSQL through the reactive Vert.x client ({@link
 * org.huxin.engine.store.Store#pool}, sized by {@link org.huxin.engine.store.PgPoolConfig}): stores
 * take the {@code SqlClient} to run on and return futures. JDBC stays only where the reactive
 * client cannot serve: Flyway at start-up, {@code COPY} bulk loads (the reactive client has no
 * COPY), the start-up roster load and the offline command-line jobs. Around it: the typed errors
 * ({@link org.huxin.engine.store.StoreException}, {@link org.huxin.engine.store.Sql#failure} for
 * either client), the one way to run a JDBC transaction ({@link
 * org.huxin.engine.store.Transactions}), the row helpers ({@link org.huxin.engine.store.Rows}), the
 * {@code COPY} helpers, and {@link org.huxin.engine.store.NameCipher}, which encrypts names at
 * rest. Each feature ({@code results}, {@code windows}, {@code roster}, {@code staff}, {@code
 * audit}, {@code alerts}, {@code progress}, {@code renorm}, …) owns its records and SQL and takes
 * the store's data source. Nothing here imports a feature or logs a name or an answer.
 */
package org.huxin.engine.store;
