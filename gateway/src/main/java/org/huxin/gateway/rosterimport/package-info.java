/**
 * The staff console's roster import over HTTP: a CSV or XLSX upload is streamed to a temporary
 * file, imported on a dedicated worker by {@link
 * org.huxin.engine.roster.imports.RosterImportStore}, and its progress and outcome read back from
 * the database by any node; a finished import reloads every node's roster and leaves one audit row.
 */
package org.huxin.gateway.rosterimport;
