/**
 * Screening windows as rows: {@link org.huxin.engine.windows.WindowStore} creates a window (its
 * grade bands keyed to batteries and rule sets, its access-code secret), moves it through draft →
 * open → closed → archived and lists them. How far one has come is counted in {@code
 * engine.progress}. The request paths use the reactive client, the offline jobs and seeding JDBC;
 * the gateway keeps the windows in memory and reloads them on a change notice.
 */
package org.huxin.engine.windows;
