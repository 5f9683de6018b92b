/**
 * The in-memory view a gateway node answers students from: the roster indexed by school code and
 * student number, and the screening windows with their state. Logins never reach the database.
 */
package org.huxin.gateway.roster;
