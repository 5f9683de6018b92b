/**
 * The student's path: log in with a printed access code, fetch the questionnaire (a few immutable
 * documents built at start-up), submit answers once. Students never receive a score or a tier.
 */
package org.huxin.gateway.student;
