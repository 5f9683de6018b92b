/**
 * The HTTP edge: the one function that builds the route table, the verticle that serves it, the
 * OpenAPI contract that every request body is validated against (and that is served at {@code
 * /api/openapi.yaml}), the node's readiness, the JSON error shape every failure takes, and the
 * security headers every response carries.
 */
package org.huxin.gateway.http;
