/**
 * Local norms and re-scoring, after a window closes. {@link org.huxin.engine.renorm.LocalNorms}
 * re-scores a closed window's stored answers and builds a new norm set version from them (school
 * band × sex, refusing cells below a minimum n), saved with its provenance. {@link
 * org.huxin.engine.renorm.WindowRescorer} re-scores a whole window under a saved or shipped norm
 * set, batch by batch, keeping every replaced verdict reproducible and never lowering a crisis;
 * {@link org.huxin.engine.renorm.HistoryCheck} proves the replaced verdicts still reproduce. {@link
 * org.huxin.engine.renorm.SyntheticWindow} seeds a closed window of synthetic results for
 * rehearsals, and {@link org.huxin.engine.renorm.RenormCli} is {@code ./huxin norms}, {@code
 * ./huxin rescore} and {@code ./huxin rescore-demo}. {@link org.huxin.engine.renorm.RescoreStore}
 * and {@link org.huxin.engine.renorm.NormSetStore} hold the runs, the replaced verdicts and the
 * saved norm set versions.
 */
package org.huxin.engine.renorm;
