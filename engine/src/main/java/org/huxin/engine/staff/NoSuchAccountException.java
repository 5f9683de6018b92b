package org.huxin.engine.staff;

/** An account change named an account id that does not exist. */
public final class NoSuchAccountException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NoSuchAccountException(long id) {
    super("staff account " + id + " does not exist");
  }
}
