package org.huxin.gateway.testing;

import io.vertx.json.schema.Validator;
import org.huxin.gateway.http.ApiContract;

/**
 * vertx-json-schema's validator for an operation's JSON request body: the reference that the
 * compiled contract is compared with, for verdicts and for speed.
 */
public final class ReferenceValidators {
  private ReferenceValidators() {}

  public static Validator of(ApiContract contract, String operationId) {
    return contract
        .contract()
        .getSchemaRepository()
        .validator(
            contract
                .contract()
                .operation(operationId)
                .getRequestBody()
                .getContent()
                .get("application/json")
                .getSchema());
  }
}
