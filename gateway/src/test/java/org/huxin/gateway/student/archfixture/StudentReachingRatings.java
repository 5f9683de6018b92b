package org.huxin.gateway.student.archfixture;

import org.huxin.gateway.ratings.RatingsApi;

/**
 * Breaks the layout on purpose: {@code ratings} already depends on {@code student} (a rating is
 * stored as a submit is), so a student class that reaches the teacher ratings closes a cycle.
 */
public final class StudentReachingRatings {

  private StudentReachingRatings() {}

  public static Class<?> ratings() {
    return RatingsApi.class;
  }
}
