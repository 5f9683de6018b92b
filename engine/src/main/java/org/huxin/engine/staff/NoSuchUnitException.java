package org.huxin.engine.staff;

/**
 * An account's scope names a district, school or class that does not exist, or one that is not
 * inside the other units it names. A caller that hides units outside its user's scope answers this
 * as "not found", the same as an existing unit it may not see.
 */
public final class NoSuchUnitException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public NoSuchUnitException(String message) {
    super(message);
  }
}
