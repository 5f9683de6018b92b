/**
 * Tests of the fault runs' pure-Java parts: the delaying TCP proxy against a local echo server, and
 * the accounting of acknowledged against stored submits and relayed alerts.
 */
package org.huxin.loadtest.chaos;
