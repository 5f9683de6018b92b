/**
 * The audit trail for district and city admins ({@link org.huxin.gateway.audit.AuditApi}): who
 * viewed or changed what, newest first, paged by id and filtered by student, actor and action,
 * within the admin's scope; each read is itself audited. The trail itself is written by every
 * feature through {@code engine.audit}.
 */
package org.huxin.gateway.audit;
