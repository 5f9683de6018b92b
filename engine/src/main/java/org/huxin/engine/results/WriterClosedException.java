package org.huxin.engine.results;

/** The writer is shutting down and accepts no more rows; another node or a restart will. */
public final class WriterClosedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public WriterClosedException() {
    super("result writer is closed; retry on another node or after restart");
  }
}
