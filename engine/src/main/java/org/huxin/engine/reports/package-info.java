/**
 * Aggregate reports at school, district (区县) and city level: completion by grade, tier prevalence
 * by grade × sex and the year-over-year series. {@link org.huxin.engine.reports.ReportQueries}
 * counts from the store, {@link org.huxin.engine.reports.ReportBuilder} publishes the counts
 * through {@link org.huxin.engine.reports.SmallCellSuppression} (k = 10 with complementary
 * suppression), and {@link org.huxin.engine.reports.ReportCsv} and {@link
 * org.huxin.engine.reports.ReportXlsx} write the published report as files. Nothing here sees a
 * name or an answer, and no unsuppressed count leaves the package in a {@link
 * org.huxin.engine.reports.Report}.
 */
package org.huxin.engine.reports;
