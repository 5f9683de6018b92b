/**
 * Grades 1–3, where children do not answer for themselves: the head teacher rates each child of her
 * class with the PSC-17 teacher form in a fast class list ({@link
 * org.huxin.gateway.ratings.RatingsApi}), and a parent rates their child on the student page with a
 * parent access code. {@link org.huxin.gateway.questionnaires.RaterForms} says which battery each
 * rater answers. A rater is told that a rating was stored, never what it scored.
 */
package org.huxin.gateway.ratings;
