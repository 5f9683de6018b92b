/**
 * The audit trail: {@link org.huxin.engine.audit.AuditStore} appends one row per view of an
 * identifiable result, export, sign-in and change, and pages through them for the district and city
 * admins. The application's role may insert here but never update or delete. An event names the
 * actor, the action and the subject's id, never a name or an answer.
 */
package org.huxin.engine.audit;
