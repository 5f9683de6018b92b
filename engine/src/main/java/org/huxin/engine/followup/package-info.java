/**
 * The follow-up loop after screening (discover → report → intervene → follow up): {@link
 * org.huxin.engine.followup.FollowupStore} reads the cases that a trigger on {@code result} opens
 * for every tier-2 or tier-3 result, appends ledger actions (interview, parent informed, referred,
 * hospital feedback, closed; notes encrypted) and moves a case's due time; {@link
 * org.huxin.engine.followup.StudentArchiveQueries} reads one student's archive: every window's
 * results, the norm sets they name and the student's identity. Overdue is always judged against a
 * time the caller passes in, never the database clock. On the reactive PostgreSQL client: every
 * method returns a {@code Future} and runs on the client (a request's transaction) it is given;
 * nothing here logs a name or a note.
 */
package org.huxin.engine.followup;
