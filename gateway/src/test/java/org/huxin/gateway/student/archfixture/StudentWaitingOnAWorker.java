package org.huxin.gateway.student.archfixture;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

/** Breaks the non-blocking rule on purpose: a handler parking a query on the worker pool. */
public final class StudentWaitingOnAWorker {

  private StudentWaitingOnAWorker() {}

  public static Future<Long> count(Vertx vertx) {
    return vertx.executeBlocking(() -> 1L, false);
  }
}
