/**
 * Staff accounts ({@link org.huxin.engine.staff.StaffStore}: find by username, create with a role
 * and scope) and the staff account life cycle and staff sessions, as rows: {@link
 * org.huxin.engine.staff.StaffAccountStore} creates, lists, disables, enables, resets, re-scopes
 * and re-passwords accounts, each change with its audit row and the revocation of the account's
 * sessions in one transaction; {@link org.huxin.engine.staff.SessionStore} opens a session per
 * sign-in, reads one for a node that has not seen it, and lists the sessions revoked since a time
 * (the safety net behind the gateway's event-bus notice). Passwords arrive hashed and TOTP secrets
 * encrypted; nothing here sees either in the clear.
 */
package org.huxin.engine.staff;
