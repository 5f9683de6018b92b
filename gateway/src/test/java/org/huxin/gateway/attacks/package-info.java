/**
 * Attacks over real HTTP against a running gateway, each test one way in that must stay shut:
 * access-code guessing, locking a school out from many addresses, slow and greedy connections,
 * forged or misused tokens, a student token on staff routes, one school's staff reaching another
 * school's objects, cross-site requests with a staff session, pages without their security headers,
 * secrets written to the log, and a foreign member joining the cluster.
 */
package org.huxin.gateway.attacks;
