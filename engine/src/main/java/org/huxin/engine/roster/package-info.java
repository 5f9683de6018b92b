/**
 * The city's organisation as rows: {@link org.huxin.engine.roster.OrgUnits} (every district and
 * school, with names) and {@link org.huxin.engine.roster.OrgUnitQueries}, which reads them, a
 * school by id and the labels of classes for the rows a console or a report shows. Plain JDBC;
 * nothing here logs a name.
 */
package org.huxin.engine.roster;
