/**
 * A second scorer, slow and written apart from {@code org.huxin.engine.scoring}, that the JMH
 * benchmarks and the capacity rehearsal check the engine's verdicts against.
 */
package org.huxin.loadtest.reference;
