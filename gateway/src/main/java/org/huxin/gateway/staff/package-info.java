/**
 * The staff API: sign-in into a revocable cookie session, the account life cycle, class lists,
 * consent records and unlocking a student. Every query is scoped on the server from the session,
 * never from what the client sends.
 *
 * <pre>
 * POST /api/staff/login ─▶ SignInThrottle (per username: back-off; per address: bucket; no hash yet)
 *   ─▶ PasswordChecks (Argon2; trusted line first) ─▶ TOTP code if enrolled (SecondFactor)
 *   ─▶ staff_session row + audit row ─▶ token naming the session (cookie)
 * every staff request ─▶ StaffAuth ─▶ StaffSessions: live on this node's view? (not revoked, not
 *   idle; a pending one-time password or enrolment allows only its own page)
 * logout, disable, reset, re-scope (AccountsApi, ./huxin staff) ─▶ revoke rows in the change's
 *   transaction ─▶ event-bus notice (and every node's 5 s re-read) ─▶ requests refused, SSE ended
 * </pre>
 */
package org.huxin.gateway.staff;
