/**
 * Roster import: a CSV or XLSX file of districts, schools, classes and students is read ({@link
 * org.huxin.engine.roster.imports.RosterFiles}), every row is checked and every fault collected
 * ({@link org.huxin.engine.roster.imports.RosterValidator}), and only a file without a single fault
 * is written, in one transaction of set-based upserts ({@link
 * org.huxin.engine.roster.imports.RosterImportStore}), so a re-import updates and never duplicates.
 * Each import is a row of {@code roster_import} that every gateway node can read for progress.
 */
package org.huxin.engine.roster.imports;
