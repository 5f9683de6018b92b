/**
 * Pure scoring: {@link org.huxin.engine.scoring.ScoringEngine} compiles each battery of a {@link
 * org.huxin.scales.ScaleLibrary} once, under one tier rule set and a list of norm sets, into
 * primitive arrays, and {@link org.huxin.engine.scoring.CompiledBattery#score} turns one flat
 * answer array (and, optionally, per-item times) into a {@link
 * org.huxin.engine.scoring.ScoredResult}: raw and reported scores, bands, subscales, T scores and
 * percentiles, validity with the checks that fired, the tier and every rule that fired with its
 * explanation. No I/O, no Vert.x, no JDBC; the architecture test enforces it.
 */
package org.huxin.engine.scoring;
