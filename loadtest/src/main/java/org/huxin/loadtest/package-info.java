/**
 * Capacity rehearsals: {@link org.huxin.loadtest.Rehearsal} seeds a synthetic city into a fresh
 * store, opens a city-wide window and writes the students' login details as a Gatling feeder; the
 * Gatling simulations under {@code src/test/java} ({@code LoginStorm}) then drive a real gateway
 * with them, and {@code scripts/rehearse-login.sh} runs the whole pipeline and writes a summary.
 */
package org.huxin.loadtest;
