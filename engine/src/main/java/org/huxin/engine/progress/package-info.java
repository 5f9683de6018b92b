/**
 * Screening progress as a tree and the per-school tier lists. {@link
 * org.huxin.engine.progress.ProgressTreeQueries} counts a window's students per class in one
 * aggregate query (student LEFT JOIN the window's results, grouped by district, school, grade and
 * class); {@link org.huxin.engine.progress.ProgressCache} keeps that per window for a couple of
 * seconds, so any number of consoles cost one query per window per interval; {@link
 * org.huxin.engine.progress.ProgressSnapshot#tree} folds the classes a caller may see into city →
 * district → school → grade → class, and {@link org.huxin.engine.progress.ProgressSnapshot#within}
 * sums them for one district or school. {@link org.huxin.engine.progress.TierListQueries} lists one
 * school's screened students by tier with the rules that fired; {@link
 * org.huxin.engine.roster.OrgUnitQueries} names schools and classes. On the reactive PostgreSQL
 * client: every read is a {@code Future} on the client the caller gives; nothing here blocks, and
 * nothing here logs a name or an answer.
 */
package org.huxin.engine.progress;
