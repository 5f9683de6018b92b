package org.huxin.engine.results;

/** The writer's queue is full; nothing was queued. Answer 503 with Retry-After. */
public final class WriterOverloadedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WriterOverloadedException(int capacity) {
    super("result writer queue is full (" + capacity + " rows waiting); retry shortly");
  }
}
