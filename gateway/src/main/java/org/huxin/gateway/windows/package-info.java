/**
 * Screening windows for staff ({@link org.huxin.gateway.windows.WindowsApi}): a district admin
 * creates a window with a battery and rule set per grade band, opens and closes it; staff list the
 * windows in their scope, see the students who cannot start for want of consent, and the window's
 * progress. Every node reloads its windows on the change notice.
 */
package org.huxin.gateway.windows;
