/**
 * Alert classes that break the alerts package's rules on purpose (the event bus, JDBC outside a
 * store), for the rules' tests.
 */
package org.huxin.engine.alerts.archfixture;
