/** A class that closes a cycle between feature packages on purpose, for the test of the rule. */
package org.huxin.gateway.student.archfixture;
