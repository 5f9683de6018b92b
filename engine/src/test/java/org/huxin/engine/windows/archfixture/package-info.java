/**
 * Classes that break the layout on purpose (a cycle, SQL outside a store), for the rules' tests.
 */
package org.huxin.engine.windows.archfixture;
