package org.huxin.gateway.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles a request-body schema of the contract into a {@link CompiledSchema}, once, at start-up.
 *
 * <p>It enforces exactly {@link #KEYWORDS}: what the contract uses. {@code $ref} must point into
 * the contract itself ({@code #/...}, or {@code app:///#/...} as vertx-openapi rewrites it) and is
 * checked before the keywords beside it, which also apply (as in OpenAPI 3.1); {@code format} knows
 * {@code uuid} and {@code date-time}; {@code additionalProperties} may be {@code false}, {@code
 * true} or a schema. The annotations {@link #ANNOTATIONS} are ignored, and so are the keys
 * vertx-openapi adds when it loads the contract ({@code __absolute_uri__}...). Anything else,
 * including an unknown format or a keyword value of the wrong kind, throws {@link
 * UnsupportedSchemaException} naming the operation, the keyword and where it is, so start-up stops
 * rather than enforce half a contract.
 */
public final class SchemaCompiler {
  /** The keywords enforced. */
  public static final Set<String> KEYWORDS =
      Set.of(
          "$ref",
          "type",
          "enum",
          "required",
          "properties",
          "additionalProperties",
          "propertyNames",
          "maxProperties",
          "items",
          "maxItems",
          "minimum",
          "maximum",
          "minLength",
          "maxLength",
          "pattern",
          "format");

  /** Keywords that describe and constrain nothing. */
  public static final Set<String> ANNOTATIONS =
      Set.of("description", "title", "$comment", "examples");

  /** What vertx-openapi writes into the schemas it loads: its own bookkeeping, not keywords. */
  private static final Set<String> LOADER_KEYS =
      Set.of("__absolute_uri__", "__absolute_ref__", "__absolute_recursive_ref__");

  private static final Map<String, Integer> TYPES =
      Map.of(
          "string", CompiledSchema.STRING,
          "integer", CompiledSchema.INTEGER,
          "number", CompiledSchema.NUMBER | CompiledSchema.INTEGER,
          "object", CompiledSchema.OBJECT,
          "array", CompiledSchema.ARRAY,
          "boolean", CompiledSchema.BOOLEAN,
          "null", CompiledSchema.NULL);

  /** The base vertx-openapi gives in-document references when it loads a contract. */
  private static final String LOADED_BASE = "app:///";

  private final String operationId;
  private final JsonObject document;
  private final Map<String, CompiledSchema> refs = new HashMap<>();
  private final Set<String> resolving = new HashSet<>();

  private SchemaCompiler(String operationId, JsonObject document) {
    this.operationId = operationId;
    this.document = document;
  }

  /**
   * Compiles {@code schema}, the request-body schema of {@code operationId}.
   *
   * @param location JSON pointer of {@code schema} within the contract, for error messages
   * @param document the whole contract, against which {@code $ref}s resolve
   * @throws UnsupportedSchemaException when the schema uses a keyword or value not enforced
   */
  public static CompiledSchema compile(
      String operationId, JsonObject schema, String location, JsonObject document) {
    return new SchemaCompiler(operationId, document).node(schema, location);
  }

  private CompiledSchema node(Object value, String at) {
    if (!(value instanceof JsonObject schema)) {
      throw unsupported("(schema)", at, "is " + kind(value) + ", not a schema object");
    }
    for (String keyword : schema.fieldNames()) {
      if (!KEYWORDS.contains(keyword)
          && !ANNOTATIONS.contains(keyword)
          && !LOADER_KEYS.contains(keyword)) {
        throw unsupported(keyword, at, "is not enforced");
      }
    }
    CompiledSchema ref = null;
    if (schema.containsKey("$ref")) {
      ref = resolve(string(schema, "$ref", at));
    }
    int types = 0;
    Object typeRule = schema.getValue("type");
    if (typeRule != null) {
      List<Object> names = typeRule instanceof JsonArray list ? list.getList() : List.of(typeRule);
      for (Object name : names) {
        Integer bits = name instanceof String s ? TYPES.get(s) : null;
        if (bits == null) {
          throw unsupported("type", at, "names '" + name + "', not a JSON type");
        }
        types |= bits;
      }
    }
    JsonArray enumRule = null;
    if (schema.containsKey("enum")) {
      if (!(schema.getValue("enum") instanceof JsonArray values) || values.isEmpty()) {
        throw unsupported("enum", at, "is not a non-empty list");
      }
      for (Object v : values) {
        if (v instanceof JsonObject || v instanceof JsonArray) {
          throw unsupported("enum", at, "lists an object or array; only scalars are compared");
        }
      }
      enumRule = values;
    }
    String[] required = null;
    if (schema.containsKey("required")) {
      if (!(schema.getValue("required") instanceof JsonArray names)) {
        throw unsupported("required", at, "is not a list of field names");
      }
      List<String> list = new ArrayList<>();
      for (Object name : names) {
        if (!(name instanceof String s)) {
          throw unsupported("required", at, "lists " + kind(name) + ", not a field name");
        }
        list.add(s);
      }
      required = list.toArray(String[]::new);
    }
    Map<String, CompiledSchema> properties = null;
    if (schema.containsKey("properties")) {
      if (!(schema.getValue("properties") instanceof JsonObject declared)) {
        throw unsupported("properties", at, "is not an object of schemas");
      }
      properties = new LinkedHashMap<>();
      for (String name : declared.fieldNames()) {
        properties.put(name, node(declared.getValue(name), at + "/properties/" + escape(name)));
      }
    }
    boolean additionalForbidden = false;
    CompiledSchema additional = null;
    Object additionalRule = schema.getValue("additionalProperties");
    if (additionalRule instanceof Boolean allowed) {
      additionalForbidden = !allowed;
    } else if (additionalRule != null) {
      additional = node(additionalRule, at + "/additionalProperties");
    }
    CompiledSchema propertyNames =
        schema.containsKey("propertyNames")
            ? node(schema.getValue("propertyNames"), at + "/propertyNames")
            : null;
    CompiledSchema items =
        schema.containsKey("items") ? node(schema.getValue("items"), at + "/items") : null;
    Pattern pattern = null;
    if (schema.containsKey("pattern")) {
      String regex = string(schema, "pattern", at);
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw unsupported("pattern", at, "is not a valid regular expression: " + e.getMessage());
      }
    }
    String format = null;
    if (schema.containsKey("format")) {
      format = string(schema, "format", at);
      if (!format.equals("uuid") && !format.equals("date-time")) {
        throw unsupported("format", at, "is '" + format + "'; only uuid and date-time are known");
      }
    }
    return new CompiledSchema(
        ref,
        types,
        typeRule,
        enumRule,
        required,
        count(schema, "maxProperties", at),
        propertyNames,
        properties,
        additionalForbidden,
        additional,
        count(schema, "maxItems", at),
        items,
        number(schema, "minimum", at),
        number(schema, "maximum", at),
        count(schema, "minLength", at),
        count(schema, "maxLength", at),
        pattern,
        format);
  }

  private CompiledSchema resolve(String ref) {
    int hash = ref.indexOf('#');
    String base = hash < 0 ? ref : ref.substring(0, hash);
    if (!(base.isEmpty() || base.equals(LOADED_BASE)) || !ref.startsWith("#/", hash)) {
      throw unsupported("$ref", ref, "points outside the contract");
    }
    CompiledSchema done = refs.get(ref);
    if (done != null) {
      return done;
    }
    if (!resolving.add(ref)) {
      throw unsupported("$ref", ref, "refers to itself (recursive schemas are not compiled)");
    }
    Object target = document;
    for (String segment : ref.substring(hash + 2).split("/", -1)) {
      String key = segment.replace("~1", "/").replace("~0", "~");
      target = target instanceof JsonObject object ? object.getValue(key) : null;
      if (target == null) {
        throw unsupported("$ref", ref, "points at nothing");
      }
    }
    CompiledSchema compiled = node(target, ref);
    resolving.remove(ref);
    refs.put(ref, compiled);
    return compiled;
  }

  private int count(JsonObject schema, String keyword, String at) {
    Object value = schema.getValue(keyword);
    if (value == null) {
      return CompiledSchema.NONE;
    }
    if (!(value instanceof Integer n) || n < 0) {
      throw unsupported(keyword, at, "is not a non-negative whole number");
    }
    return n;
  }

  private Number number(JsonObject schema, String keyword, String at) {
    Object value = schema.getValue(keyword);
    if (value != null && !(value instanceof Number)) {
      throw unsupported(keyword, at, "is not a number");
    }
    return (Number) value;
  }

  private String string(JsonObject schema, String keyword, String at) {
    if (!(schema.getValue(keyword) instanceof String s)) {
      throw unsupported(keyword, at, "is not a string");
    }
    return s;
  }

  private UnsupportedSchemaException unsupported(String keyword, String at, String why) {
    return new UnsupportedSchemaException(operationId, keyword, at, why);
  }

  private static String kind(Object value) {
    return value == null ? "null" : value.getClass().getSimpleName();
  }

  /** A key as a JSON-pointer segment. */
  public static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
