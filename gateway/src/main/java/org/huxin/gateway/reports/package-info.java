/**
 * The staff report endpoints: the units a caller may report on, a school, district or city report
 * as JSON, its CSV and XLSX exports and a printable page. The figures come from {@link
 * org.huxin.engine.reports} already suppressed (k = 10, complementary); this package checks role
 * and scope through {@link org.huxin.gateway.auth.StaffScope}, audits every view and export, and
 * keeps the JDBC and file building off the event loop.
 */
package org.huxin.gateway.reports;
