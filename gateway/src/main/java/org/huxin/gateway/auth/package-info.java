/**
 * Who is asking: access codes printed on slips, the signed tokens students and staff carry, and
 * staff password hashing. Nothing here touches the database on a student's path.
 */
package org.huxin.gateway.auth;
