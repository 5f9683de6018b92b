/**
 * Test-only classes inside the scoring package tree that break its purity on purpose, so the
 * architecture test can prove its rule catches a violation.
 */
package org.huxin.engine.scoring.archfixture;
