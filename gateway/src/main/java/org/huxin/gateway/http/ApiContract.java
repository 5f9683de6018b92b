package org.huxin.gateway.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.huxin.gateway.http.contract.CompiledSchema;
import org.huxin.gateway.http.contract.SchemaCompiler;
import org.huxin.gateway.http.contract.UnsupportedSchemaException;
import org.huxin.gateway.http.contract.Violation;

/**
 * The OpenAPI contract of the student and staff APIs ({@value #RESOURCE}), loaded once at start-up:
 * it validates request bodies before any handler runs, and is served as written at {@code GET
 * /api/openapi.yaml}.
 *
 * <p>A body that breaks the contract is answered 400 {@code invalid_request} with a sentence naming
 * the field and the rule; one that is not JSON gets 400 {@code malformed_json}, an empty one 400
 * {@code empty_body}. Before it is read, a body must also keep the stricter rules of {@link
 * StrictJson} (UTF-8 only, no duplicate keys, no lone surrogates, bounded nesting), else 400 {@code
 * malformed_json} says which rule it broke. Every request-body schema is compiled once, at load,
 * into a plain-Java validator ({@link SchemaCompiler}); a keyword the compiler does not enforce
 * fails the load, naming the operation and the keyword. Schema validation runs on the event loop
 * (no worker hop) and allocates nothing for a valid body, which is left on the context for {@link
 * RequestBodies#validated}, so no handler parses it again.
 */
public final class ApiContract {
  /** Classpath location of the contract. */
  public static final String RESOURCE = "openapi/huxin.yaml";

  private static final CharSequence YAML = HttpHeaders.createOptimized("application/yaml");
  private static final CharSequence CACHE =
      HttpHeaders.createOptimized("public, max-age=300, must-revalidate");

  private final OpenAPIContract contract;
  private final Buffer document;
  private final String etag;
  private final Consumer<String> onInvalid;
  private final Map<String, CompiledSchema> bodies;

  private ApiContract(OpenAPIContract contract, byte[] document, Consumer<String> onInvalid) {
    this.contract = contract;
    this.document = Buffer.buffer(document);
    this.etag = '"' + sha256(document).substring(0, 32) + '"';
    this.onInvalid = onInvalid;
    this.bodies = compileBodies(contract);
  }

  /**
   * Reads and checks the contract (off the event loop), resolves it and compiles its request-body
   * schemas; fails with {@link UnsupportedSchemaException} when one uses a keyword the compiler
   * does not enforce.
   *
   * @param onInvalid told the operation id of every request the contract refuses (metrics)
   */
  public static Future<ApiContract> load(Vertx vertx, Consumer<String> onInvalid) {
    Objects.requireNonNull(onInvalid, "onInvalid");
    return vertx
        .executeBlocking(ApiContract::readDocument, false)
        .compose(
            bytes ->
                OpenAPIContract.from(vertx, RESOURCE)
                    .map(contract -> new ApiContract(contract, bytes, onInvalid)));
  }

  /** The resolved contract (operations, schemas). */
  public OpenAPIContract contract() {
    return contract;
  }

  /**
   * Validates the JSON body of {@code operationId}; mount after the body handler (and after
   * authentication, so a caller without a session learns nothing from a 400) and before the
   * business handler.
   *
   * @throws IllegalArgumentException at start-up when the contract has no such operation or it
   *     takes no JSON body
   */
  public Handler<RoutingContext> validator(String operationId) {
    CompiledSchema schema = requestBody(operationId);
    return ctx -> {
      Buffer raw = ctx.body().buffer();
      if (raw == null || raw.length() == 0) {
        onInvalid.accept(operationId);
        throw ApiException.badRequest("empty_body", "The request has no body; send a JSON object.");
      }
      Object body;
      try {
        StrictJson.check(raw);
        body = raw.toJsonValue();
      } catch (ApiException e) {
        onInvalid.accept(operationId);
        throw e;
      } catch (DecodeException e) {
        onInvalid.accept(operationId);
        throw ApiException.badRequest("malformed_json", "The body is not valid JSON.");
      }
      Violation violation = schema.firstViolation(body);
      if (violation != null) {
        onInvalid.accept(operationId);
        throw ApiException.badRequest("invalid_request", ContractViolations.describe(violation));
      }
      ctx.put(RequestBodies.VALIDATED, body);
      ctx.next();
    };
  }

  /**
   * The compiled request-body schema of {@code operationId}.
   *
   * @throws IllegalArgumentException when the contract has no such operation or it takes no JSON
   *     body
   */
  CompiledSchema requestBody(String operationId) {
    CompiledSchema schema = bodies.get(operationId);
    if (schema == null) {
      throw new IllegalArgumentException(
          contract.operation(operationId) == null
              ? "the contract has no operation '" + operationId + "'"
              : "operation '" + operationId + "' takes no application/json body in the contract");
    }
    return schema;
  }

  /** {@code GET /api/openapi.yaml}: this contract as written, with an ETag. */
  public Handler<RoutingContext> document() {
    return ctx -> {
      ctx.response().putHeader(HttpHeaders.ETAG, etag).putHeader(HttpHeaders.CACHE_CONTROL, CACHE);
      if (etag.equals(ctx.request().getHeader(HttpHeaders.IF_NONE_MATCH))) {
        ctx.response().setStatusCode(304).end();
        return;
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, YAML).end(document);
    };
  }

  private static Map<String, CompiledSchema> compileBodies(OpenAPIContract contract) {
    Map<String, CompiledSchema> bodies = new HashMap<>();
    for (Operation operation : contract.operations()) {
      MediaType json =
          operation.getRequestBody() == null
              ? null
              : operation.getRequestBody().getContent().get("application/json");
      if (json == null) {
        continue;
      }
      String path = operation.getOpenAPIPath();
      String method = operation.getHttpMethod().name().toLowerCase(Locale.ROOT);
      JsonObject written =
          contract
              .getRawContract()
              .getJsonObject("paths")
              .getJsonObject(path)
              .getJsonObject(method)
              .getJsonObject("requestBody")
              .getJsonObject("content")
              .getJsonObject("application/json")
              .getJsonObject("schema");
      String location =
          "#/paths/"
              + SchemaCompiler.escape(path)
              + "/"
              + method
              + "/requestBody/content/application~1json/schema";
      bodies.put(
          operation.getOperationId(),
          SchemaCompiler.compile(
              operation.getOperationId(),
              Objects.requireNonNull(written, location),
              location,
              contract.getRawContract()));
    }
    return Map.copyOf(bodies);
  }

  private static byte[] readDocument() {
    try (InputStream in = ApiContract.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
