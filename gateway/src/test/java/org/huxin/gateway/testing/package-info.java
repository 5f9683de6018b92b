/**
 * The gateway fixture: {@link org.huxin.gateway.testing.GatewayFixture} runs a real gateway on a
 * free port over a fresh embedded PostgreSQL database with the demo city, an open window and one
 * staff account per role; {@link org.huxin.gateway.testing.Http} talks to it and {@link
 * org.huxin.gateway.testing.Nginx} puts the shipped proxy in front. The test clock, {@code
 * Eventually}, the test database and the tier annotations are the ones every module shares, in
 * {@code org.huxin.testsupport}.
 */
package org.huxin.gateway.testing;
