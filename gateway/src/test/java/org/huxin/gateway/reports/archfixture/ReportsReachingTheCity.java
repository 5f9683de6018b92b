package org.huxin.gateway.reports.archfixture;

import org.huxin.engine.city.SyntheticCity;

/** Breaks the layout on purpose: a feature other than the demo using the synthetic city. */
public final class ReportsReachingTheCity {

  private ReportsReachingTheCity() {}

  public static Class<?> city() {
    return SyntheticCity.class;
  }
}
