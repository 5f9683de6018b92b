/**
 * What a rehearsal measured, without reading Gatling's HTML: {@link
 * org.huxin.loadtest.summary.RequestRecorder} keeps, per request name, the counts and an
 * HdrHistogram of response times that the simulations feed from each request and write to {@code
 * requests.json} at the end of the run; {@link org.huxin.loadtest.summary.RehearsalSummary} joins
 * that file with the sampler's, the seeding's, the check's and the ceiling's output into {@code
 * summary.json} and gives the verdict.
 */
package org.huxin.loadtest.summary;
