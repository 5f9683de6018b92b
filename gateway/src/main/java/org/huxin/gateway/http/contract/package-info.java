/**
 * The request-body schemas of the OpenAPI contract, compiled once at start-up into plain-Java
 * validators: {@link org.huxin.gateway.http.contract.SchemaCompiler} walks a body schema (following
 * its {@code $ref}s) into a tree of {@link org.huxin.gateway.http.contract.CompiledSchema} nodes
 * that check a parsed body without allocating unless it is wrong, and answer the first {@link
 * org.huxin.gateway.http.contract.Violation}. The compiler knows exactly the keywords the contract
 * uses; any other keyword stops start-up naming the operation and the keyword, so the contract is
 * never half-enforced. The reference implementation (vertx-json-schema) is kept in the tests, which
 * check that both give the same verdict on random mutations of valid bodies.
 */
package org.huxin.gateway.http.contract;
