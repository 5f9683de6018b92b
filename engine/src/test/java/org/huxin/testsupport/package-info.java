/**
 * Fixtures shared by the tests of every module: {@link org.huxin.testsupport.TestDatabase} gives
 * each test class its own freshly migrated database on one embedded PostgreSQL per JVM, its ids
 * counting from well above 127 in a range per table; {@link org.huxin.testsupport.MutableClock} is
 * the one test clock and {@link org.huxin.testsupport.Eventually} the one way to wait for another
 * thread; {@link org.huxin.testsupport.TestRows} builds valid result rows, {@link
 * org.huxin.testsupport.TestOrgUnits} makes districts and schools with ids above 127, and {@link
 * org.huxin.testsupport.SinkReceiver} stands in for a WeCom or DingTalk robot or an SMS gateway on
 * 127.0.0.1 and records what it received. The gateway's own fixture (a running node on a test
 * database) is {@code org.huxin.gateway.testing.GatewayFixture}.
 *
 * <p>The two tiers of the suite live here too: a class that starts PostgreSQL is annotated {@link
 * org.huxin.testsupport.DatabaseTest}, one that drives Chromium {@link
 * org.huxin.testsupport.BrowserTest}; {@code ./huxin test --fast} leaves both out, and {@link
 * org.huxin.testsupport.TestTier} makes the fixtures refuse to start either in the fast tier.
 */
package org.huxin.testsupport;
