package org.huxin.scales;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Just enough JSON Schema (2020-12) to check the shipped files against the shipped schemas. It
 * fails on any keyword it does not implement, so a schema can never be silently half-checked.
 */
final class MiniJsonSchema {

  private static final Set<String> ANNOTATIONS = Set.of("$schema", "$id", "title", "description");

  private final Function<String, JsonNode> schemas;

  /** {@code schemas} returns a schema document by file name, e.g. {@code scale.schema.json}. */
  MiniJsonSchema(Function<String, JsonNode> schemas) {
    this.schemas = schemas;
  }

  /** Every violation of {@code schemaFile} by {@code instance}, as "pointer: fault". */
  List<String> validate(String schemaFile, JsonNode instance) {
    List<String> errors = new ArrayList<>();
    check(schemaFile, schemas.apply(schemaFile), instance, "", errors);
    return errors;
  }

  private void check(String file, JsonNode schema, JsonNode value, String at, List<String> out) {
    if (schema.isBoolean()) {
      if (!schema.booleanValue()) {
        out.add(at + ": not allowed");
      }
      return;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String key = e.getKey();
      JsonNode arg = e.getValue();
      if (ANNOTATIONS.contains(key) || key.equals("$defs")) {
        continue;
      }
      switch (key) {
        case "$ref" -> ref(file, arg.textValue(), value, at, out);
        case "type" -> {
          boolean ok = false;
          for (JsonNode t : arg.isArray() ? arg : List.of(arg)) {
            ok |= hasType(value, t.textValue());
          }
          if (!ok) {
            out.add(at + ": expected " + arg + ", got " + value.getNodeType());
          }
        }
        case "enum" -> {
          boolean ok = false;
          for (JsonNode option : arg) {
            ok |= option.equals(value);
          }
          if (!ok) {
            out.add(at + ": " + value + " not in " + arg);
          }
        }
        case "const" -> {
          if (!arg.equals(value)) {
            out.add(at + ": " + value + " is not " + arg);
          }
        }
        case "required" -> {
          if (value.isObject()) {
            for (JsonNode name : arg) {
              if (!value.has(name.textValue())) {
                out.add(at + ": missing " + name.textValue());
              }
            }
          }
        }
        case "properties" -> {
          if (value.isObject()) {
            for (Iterator<String> names = arg.fieldNames(); names.hasNext(); ) {
              String name = names.next();
              if (value.has(name)) {
                check(file, arg.get(name), value.get(name), at + "/" + name, out);
              }
            }
          }
        }
        case "additionalProperties" -> {
          if (value.isObject()) {
            JsonNode declared = schema.get("properties");
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
              String name = names.next();
              if (declared == null || !declared.has(name)) {
                check(file, arg, value.get(name), at + "/" + name, out);
              }
            }
          }
        }
        case "propertyNames" -> {
          if (value.isObject()) {
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
              String name = names.next();
              check(file, arg, TextNode.valueOf(name), at + "/" + name + "(name)", out);
            }
          }
        }
        case "items" -> {
          if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
              check(file, arg, value.get(i), at + "/" + i, out);
            }
          }
        }
        case "minItems" -> {
          if (value.isArray() && value.size() < arg.intValue()) {
            out.add(at + ": fewer than " + arg + " items");
          }
        }
        case "uniqueItems" -> {
          if (value.isArray() && arg.booleanValue()) {
            Set<JsonNode> seen = new HashSet<>();
            for (JsonNode element : value) {
              if (!seen.add(element)) {
                out.add(at + ": " + element + " repeated");
              }
            }
          }
        }
        case "minLength" -> {
          if (value.isTextual()
              && value.textValue().codePointCount(0, value.textValue().length()) < arg.intValue()) {
            out.add(at + ": shorter than " + arg);
          }
        }
        case "maxLength" -> {
          if (value.isTextual()
              && value.textValue().codePointCount(0, value.textValue().length()) > arg.intValue()) {
            out.add(at + ": longer than " + arg);
          }
        }
        case "pattern" -> {
          if (value.isTextual()
              && !Pattern.compile(arg.textValue()).matcher(value.textValue()).find()) {
            out.add(at + ": " + value + " does not match " + arg.textValue());
          }
        }
        case "minimum" -> {
          if (value.isNumber() && value.doubleValue() < arg.doubleValue()) {
            out.add(at + ": " + value + " below " + arg);
          }
        }
        case "maximum" -> {
          if (value.isNumber() && value.doubleValue() > arg.doubleValue()) {
            out.add(at + ": " + value + " above " + arg);
          }
        }
        case "allOf" -> {
          for (JsonNode sub : arg) {
            check(file, sub, value, at, out);
          }
        }
        case "oneOf" -> {
          int passing = 0;
          for (JsonNode sub : arg) {
            List<String> errors = new ArrayList<>();
            check(file, sub, value, at, errors);
            passing += errors.isEmpty() ? 1 : 0;
          }
          if (passing != 1) {
            out.add(at + ": matches " + passing + " of oneOf, not exactly 1");
          }
        }
        default -> throw new IllegalStateException(file + ": keyword " + key + " not implemented");
      }
    }
  }

  private void ref(String file, String ref, JsonNode value, String at, List<String> out) {
    int hash = ref.indexOf('#');
    String target = hash == 0 ? file : ref.substring(0, hash);
    JsonNode node = schemas.apply(target);
    for (String part : ref.substring(hash + 1).split("/")) {
      if (!part.isEmpty()) {
        node = node.get(part);
        if (node == null) {
          throw new IllegalStateException(file + ": $ref " + ref + " does not resolve");
        }
      }
    }
    check(target, node, value, at, out);
  }

  private static boolean hasType(JsonNode value, String type) {
    return switch (type) {
      case "object" -> value.isObject();
      case "array" -> value.isArray();
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "null" -> value.isNull();
      default -> throw new IllegalStateException("unknown type " + type);
    };
  }
}
