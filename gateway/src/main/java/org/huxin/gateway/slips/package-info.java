/**
 * Printable access-code slips: {@code GET /api/staff/classes/:classId/slips?window=} renders one A4
 * page (ten slips a sheet, cut lines dashed) for a class, each slip carrying the student's name,
 * number, access code and a QR code of the pre-filled login link drawn as inline SVG. The caller's
 * scope is checked on the server; a class out of scope answers 404 exactly like an unknown one, and
 * every view or refused attempt is written to the audit trail because the page shows names.
 */
package org.huxin.gateway.slips;
