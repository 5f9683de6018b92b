/**
 * The student's path: log in with a printed access code (a parent with a parent code), submit
 * answers once; the questionnaire itself is served by {@code questionnaires}. Students never
 * receive a score or a tier.
 *
 * <p>Guardian consent is checked twice: at login against the roster's standing flag, and at submit
 * against the newest guardian-consent record of the student for the window (a withdrawal recorded
 * after the student signed in must hold). A submit after a withdrawal is refused with a calm {@code
 * consent_withdrawn} and nothing of the sheet is stored, neither the result nor the draft. The one
 * thing that is kept is a crisis answer in it: the duty of care to a child who has just said they
 * may harm themselves outweighs the withdrawal, so the crisis is recorded as a crisis signal due at
 * once, and the unsubmitted-crisis sweep puts an alert (level, school, student; no result, no
 * answers, no scores) before the school's psychologist within seconds, the same path a crisis
 * answer in an abandoned draft takes (see DESIGN, the crisis path). The student's answer is the
 * same whether or not there was a crisis answer, so it reveals nothing.
 */
package org.huxin.gateway.student;
