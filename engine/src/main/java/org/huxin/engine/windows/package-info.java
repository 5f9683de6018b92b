/**
 * Screening windows as rows: {@link org.huxin.engine.windows.WindowStore} creates a window (its
 * grade bands keyed to batteries and rule sets, its access-code secret), moves it through draft →
 * open → closed → archived and lists them; {@link org.huxin.engine.windows.WindowProgress} counts
 * how far one has come for a district or school. Plain JDBC; the gateway keeps the open windows in
 * memory and reloads them on a change notice.
 */
package org.huxin.engine.windows;
