/** Tests of the scenarios' parts that need no cluster: their names and order, the capacity. */
package org.huxin.loadtest.chaos.scenario;
