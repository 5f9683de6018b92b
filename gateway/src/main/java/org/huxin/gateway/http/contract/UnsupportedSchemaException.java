package org.huxin.gateway.http.contract;

import java.util.TreeSet;

/**
 * The contract uses a JSON Schema keyword (or a value of one) that {@link SchemaCompiler} does not
 * enforce. Thrown at start-up, so a contract is never silently half-enforced: teach the compiler
 * the keyword (and the reference test its mutations), or write the schema with the keywords it
 * knows.
 */
public final class UnsupportedSchemaException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String operationId;
  private final String keyword;
  private final String location;

  UnsupportedSchemaException(String operationId, String keyword, String location, String why) {
    super(
        "operation '"
            + operationId
            + "': keyword '"
            + keyword
            + "' at "
            + location
            + " "
            + why
            + "; the compiled contract enforces only "
            + new TreeSet<>(SchemaCompiler.KEYWORDS));
    this.operationId = operationId;
    this.keyword = keyword;
    this.location = location;
  }

  /** The operation whose request body uses the keyword. */
  public String operationId() {
    return operationId;
  }

  /** The keyword. */
  public String keyword() {
    return keyword;
  }

  /** JSON pointer of the schema holding it, within the contract. */
  public String location() {
    return location;
  }
}
