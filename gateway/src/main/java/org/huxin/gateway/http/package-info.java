/**
 * The HTTP edge: the one function that builds the route table, the verticle that serves it, the
 * JSON error shape every failure takes, and the security headers every response carries.
 */
package org.huxin.gateway.http;
