/**
 * The roster: {@link org.huxin.engine.roster.RosterStore} reads every student for the gateway's
 * in-memory index and bulk-loads a city ({@link org.huxin.engine.roster.RosterLoadBatch}, COPY),
 * {@link org.huxin.engine.roster.ClassRosterQueries} lists a class, {@link
 * org.huxin.engine.roster.ConsentStore} records a guardian's consent per window, and names are
 * encrypted at rest. The city's organisation as rows: {@link org.huxin.engine.roster.OrgUnits}
 * (every district and school, with names) and {@link org.huxin.engine.roster.OrgUnitQueries}, which
 * reads them, a school by id and the labels of classes for the rows a console or a report shows.
 * {@code ClassRosterQueries} and {@code ConsentStore} serve request paths on the reactive client
 * (each method takes the {@code SqlClient} to run on); the rest is plain JDBC. Nothing here logs a
 * name.
 */
package org.huxin.engine.roster;
