package org.huxin.gateway.http.archfixture;

import org.huxin.gateway.alerts.AlertFeed;

/** Breaks the layout on purpose: the ground floor reaching up into a feature. */
public final class HttpReachingAFeature {

  private HttpReachingAFeature() {}

  public static Class<?> feed() {
    return AlertFeed.class;
  }
}
