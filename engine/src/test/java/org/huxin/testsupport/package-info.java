/**
 * Fixtures shared by the tests of every module: {@link org.huxin.testsupport.TestDatabase} gives
 * each test class its own freshly migrated database on one embedded PostgreSQL per JVM, its ids
 * counting from well above 127 in a range per table, and {@link org.huxin.testsupport.TestRows}
 * builds valid result rows.
 */
package org.huxin.testsupport;
