/**
 * The demo city behind {@code ./huxin demo}: seeded once into the store, with an open window and
 * staff accounts, and a printout of where to go and how to log in.
 */
package org.huxin.gateway.demo;
