/**
 * Pure scoring: {@link org.huxin.engine.scoring.ScoringEngine} compiles each battery of a {@link
 * org.huxin.scales.ScaleLibrary} once into primitive arrays, and {@link
 * org.huxin.engine.scoring.CompiledBattery#score} turns one flat answer array into a {@link
 * org.huxin.engine.scoring.ScoredResult}: raw scores, bands, validity, the tier and every rule that
 * fired with its explanation. No I/O, no Vert.x, no JDBC; the architecture test enforces it.
 */
package org.huxin.engine.scoring;
