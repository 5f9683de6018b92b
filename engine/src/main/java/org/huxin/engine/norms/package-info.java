/**
 * Norms, pure computation: {@link org.huxin.engine.norms.NormTable} turns versioned {@link
 * org.huxin.scales.NormSet}s into a primitive lookup of T = 50 + 10z and percentiles by school band
 * × sex for one battery's scales and subscales, each with its {@link
 * org.huxin.engine.norms.NormBasis} (the set's label, normal curve or table, bound); {@link
 * org.huxin.engine.norms.Normal} is the normal curve those percentiles come from when a cell has no
 * empirical table; {@link org.huxin.engine.norms.LocalNormBuilder} builds a new norm set from a
 * finished window's raw scores, refusing and reporting cells whose n is too small. No I/O and no
 * SQL: reading results and storing norm sets belong to the store.
 */
package org.huxin.engine.norms;
