/**
 * Classes that break the layout on purpose (the synthetic city or SQL in a feature), for the rules'
 * tests.
 */
package org.huxin.gateway.reports.archfixture;
