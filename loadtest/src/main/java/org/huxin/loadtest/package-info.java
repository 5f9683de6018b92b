/**
 * Capacity rehearsals: {@link org.huxin.loadtest.Rehearsal} seeds a synthetic city into a fresh
 * store, opens a city-wide window and writes the students' login details as a Gatling feeder;
 * {@link org.huxin.loadtest.StudentAnswers} derives every student's answers from the student's id;
 * the Gatling simulations under {@code src/test/java} ({@code LoginStorm}, {@code FullScreening})
 * drive real gateway nodes with them; {@link org.huxin.loadtest.RehearsalCheck} then verifies the
 * stored results against an independent recomputation; {@link org.huxin.loadtest.StaffAccounts}
 * seeds the accounts of the staff consoles ({@code StaffWatch}) that watch the run. {@code
 * scripts/rehearse.sh} runs the whole pipeline and writes a summary.
 */
package org.huxin.loadtest;
