/**
 * The staff API: password login into a cookie session, and the window views and actions each role
 * may use. Every query is scoped on the server from the session, never from what the client sends.
 */
package org.huxin.gateway.staff;
