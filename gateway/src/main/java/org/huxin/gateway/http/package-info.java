/**
 * The HTTP edge's ground floor, which imports no feature: the OpenAPI contract that every request
 * body is validated against (and that is served at {@code /api/openapi.yaml}), the node's
 * readiness, the JSON error shape every failure takes, and the security headers every response
 * carries. Behind a reverse proxy: the real client address ({@link
 * org.huxin.gateway.http.ClientAddress}, believed only from {@link
 * org.huxin.gateway.http.TrustedProxies}) and the public origin the console's requests must come
 * from ({@link org.huxin.gateway.http.PublicOrigin}); server-sent event streams ({@link
 * org.huxin.gateway.http.EventStream}).
 */
package org.huxin.gateway.http;
