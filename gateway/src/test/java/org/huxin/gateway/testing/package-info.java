/**
 * Shared fixtures for gateway tests: a real gateway on a free port over a fresh embedded PostgreSQL
 * database with the demo city, an open window and one staff account per role.
 */
package org.huxin.gateway.testing;
