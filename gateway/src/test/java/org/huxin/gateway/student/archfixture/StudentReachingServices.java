package org.huxin.gateway.student.archfixture;

import org.huxin.gateway.Services;

/** Breaks the layout on purpose: a handler pulling what it needs from the node's parts. */
public final class StudentReachingServices {

  private StudentReachingServices() {}

  public static Object clock(Services services) {
    return services.clock();
  }
}
