/**
 * The build's floor under its libraries: a test that fails when a library on the class path falls
 * below the version that fixed its last published advisory.
 */
package org.huxin.gateway.deps;
