/**
 * Who is asking: access codes printed on slips, the signed tokens students and staff carry and
 * their checks ({@link org.huxin.gateway.auth.StudentAuth}, {@link
 * org.huxin.gateway.auth.StaffAuth}), staff password hashing, the staff sessions every node keeps a
 * view of ({@link org.huxin.gateway.auth.StaffSessions}, with the sign-in throttle) and the scope a
 * staff member may see ({@link org.huxin.gateway.auth.StaffScope}). Nothing here touches the
 * database on a student's path.
 */
package org.huxin.gateway.auth;
