/** A class that uses the synthetic city outside the demo on purpose, for the test of the rule. */
package org.huxin.gateway.reports.archfixture;
