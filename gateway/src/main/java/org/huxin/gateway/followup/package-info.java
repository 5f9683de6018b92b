/**
 * Staff endpoints of the follow-up loop: a student's archive ({@link
 * org.huxin.gateway.followup.ArchiveApi}: every window's results, the tier history, the cases and
 * the ledger), and the follow-up ledger and case lists ({@link
 * org.huxin.gateway.followup.FollowupApi}). Scope comes from {@link
 * org.huxin.gateway.auth.StaffScope}; a head teacher sees her class's cases and records interviews
 * and parent contacts, and never receives a tier, level or score.
 */
package org.huxin.gateway.followup;
