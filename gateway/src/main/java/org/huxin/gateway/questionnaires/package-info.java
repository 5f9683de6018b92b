/**
 * What each rater answers and how it is scored: {@link org.huxin.gateway.questionnaires.Engines}
 * (one compiled scoring engine per tier rule set), {@link
 * org.huxin.gateway.questionnaires.QuestionnaireCatalog} (the questionnaire documents, one per
 * battery × text variant × locale, built once at start-up, neutral titles only) served by {@link
 * org.huxin.gateway.questionnaires.QuestionnairesApi} with ETag and gzip, and {@link
 * org.huxin.gateway.questionnaires.RaterForms} (which battery a student, a head teacher or a parent
 * answers).
 */
package org.huxin.gateway.questionnaires;
