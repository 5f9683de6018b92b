/** A class that breaks the http layout rule on purpose, for the test that proves the rule. */
package org.huxin.gateway.http.archfixture;
