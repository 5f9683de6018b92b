/** A class that breaks the store's layout rule on purpose, for the test that proves the rule. */
package org.huxin.engine.store.archfixture;
