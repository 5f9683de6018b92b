/** Classes that break the alerts package's rules on purpose, so the rules are known to fail. */
package org.huxin.engine.alerts.archfixture;
