package org.huxin.gateway.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a failed JSON Schema validation of a request body into one sentence naming the field and
 * the rule ({@code body: 'studentNo' must be at most 32 characters}). The limits are read from the
 * contract, so the sentence and the rule cannot disagree. Only field names (cut to 40 characters)
 * and the contract's own values appear in it, never a value the client sent.
 */
final class ContractViolations {
  private static final int MAX_SEGMENT = 40;

  private ContractViolations() {}

  /**
   * @param result the failed validation (basic output: a flat list of errors)
   * @param body the validated instance
   * @param schema the body schema as written in the contract
   * @param root the whole contract, against which {@code $ref}s resolve
   */
  static String describe(OutputUnit result, Object body, JsonObject schema, JsonObject root) {
    OutputUnit leaf = firstLeaf(result.getErrors());
    if (leaf == null) {
      return "body does not match the contract";
    }
    String keywordLocation = leaf.getKeywordLocation();
    List<String> keywordPath = segments(keywordLocation);
    String keyword = keywordPath.isEmpty() ? "" : keywordPath.get(keywordPath.size() - 1);
    Object rule = walkSchema(schema, root, keywordPath);
    List<String> instancePath = segments(leaf.getInstanceLocation());

    if (keywordPath.contains("propertyNames")) {
      String key = instancePath.isEmpty() ? "" : instancePath.get(instancePath.size() - 1);
      String owner = field(instancePath.subList(0, Math.max(0, instancePath.size() - 1)));
      return "body: "
          + (owner.isEmpty() ? "" : "'" + owner + "' has ")
          + "a key '"
          + cut(key)
          + "' that "
          + rulePhrase(keyword, rule, leaf);
    }
    if (keyword.equals("required")) {
      String missing = firstMissing(rule, walkInstance(body, instancePath));
      List<String> path = new ArrayList<>(instancePath);
      path.add(missing);
      return "body: '" + field(path) + "' is required";
    }
    if (keyword.equals("additionalProperties")) {
      return "body: '" + field(instancePath) + "' is not accepted here";
    }
    if (instancePath.isEmpty()) {
      return "body " + rulePhrase(keyword, rule, leaf);
    }
    return "body: '" + field(instancePath) + "' " + rulePhrase(keyword, rule, leaf);
  }

  /**
   * The error the client should fix first: the first that is not a wrapper of others ("properties",
   * "$ref", "items" only say that something below failed), skipping an {@code additionalProperties}
   * complaint about a field that has a real error of its own.
   */
  private static OutputUnit firstLeaf(List<OutputUnit> errors) {
    if (errors == null || errors.isEmpty()) {
      return null;
    }
    List<OutputUnit> leaves = new ArrayList<>();
    for (OutputUnit e : errors) {
      String prefix = e.getKeywordLocation() + "/";
      boolean wrapper = false;
      for (OutputUnit other : errors) {
        if (other.getKeywordLocation().startsWith(prefix)) {
          wrapper = true;
          break;
        }
      }
      if (!wrapper) {
        leaves.add(e);
      }
    }
    for (OutputUnit leaf : leaves) {
      if (!leaf.getKeywordLocation().endsWith("/additionalProperties")) {
        return leaf;
      }
      boolean shadowed = false;
      for (OutputUnit other : leaves) {
        if (other != leaf
            && !other.getKeywordLocation().endsWith("/additionalProperties")
            && other.getInstanceLocation().equals(leaf.getInstanceLocation())) {
          shadowed = true;
          break;
        }
      }
      if (!shadowed) {
        return leaf;
      }
    }
    return leaves.isEmpty() ? errors.get(0) : leaves.get(0);
  }

  private static String rulePhrase(String keyword, Object rule, OutputUnit leaf) {
    return switch (keyword) {
      case "type" -> "must be " + typeWords(rule);
      case "maxLength" -> "must be at most " + rule + " characters";
      case "minLength" ->
          Integer.valueOf(1).equals(rule)
              ? "must not be empty"
              : "must be at least " + rule + " characters";
      case "pattern" -> "must match the pattern " + rule;
      case "format" -> "must be " + formatWords(String.valueOf(rule));
      case "enum" -> "must be one of " + joined(rule);
      case "const" -> "must be " + rule;
      case "minimum" -> "must be at least " + rule;
      case "maximum" -> "must be at most " + rule;
      case "exclusiveMinimum" -> "must be more than " + rule;
      case "exclusiveMaximum" -> "must be less than " + rule;
      case "minItems" -> "must have at least " + rule + " items";
      case "maxItems" -> "must have at most " + rule + " items";
      case "minProperties" ->
          Integer.valueOf(1).equals(rule)
              ? "must not be empty"
              : "must have at least " + rule + " fields";
      case "maxProperties" -> "must have at most " + rule + " fields";
      default -> "is invalid (" + keyword + "): " + leaf.getError();
    };
  }

  private static String typeWords(Object rule) {
    if (rule instanceof JsonArray types) {
      List<String> words = new ArrayList<>();
      for (Object t : types) {
        words.add(typeWord(String.valueOf(t)));
      }
      return String.join(" or ", words);
    }
    return typeWord(String.valueOf(rule));
  }

  private static String typeWord(String type) {
    return switch (type) {
      case "string" -> "a string";
      case "integer" -> "a whole number";
      case "number" -> "a number";
      case "object" -> "a JSON object";
      case "array" -> "a list";
      case "boolean" -> "true or false";
      case "null" -> "null";
      default -> type;
    };
  }

  private static String formatWords(String format) {
    return switch (format) {
      case "uuid" -> "a UUID (8-4-4-4-12 hex digits)";
      case "date-time" -> "an RFC 3339 date-time such as 2026-10-12T08:00:00Z";
      default -> "in " + format + " format";
    };
  }

  private static String joined(Object rule) {
    if (rule instanceof JsonArray values) {
      List<String> words = new ArrayList<>();
      values.forEach(v -> words.add(String.valueOf(v)));
      return String.join(", ", words);
    }
    return String.valueOf(rule);
  }

  private static String firstMissing(Object required, Object instance) {
    if (required instanceof JsonArray names && instance instanceof JsonObject object) {
      for (Object name : names) {
        if (!object.containsKey(String.valueOf(name))) {
          return String.valueOf(name);
        }
      }
    }
    return "?";
  }

  /** The value at a keyword location, following {@code $ref}s through the contract. */
  private static Object walkSchema(JsonObject schema, JsonObject root, List<String> path) {
    Object node = schema;
    for (String segment : path) {
      if (segment.equals("$ref") && node instanceof JsonObject object) {
        // A reference the loader already replaced by its target leaves the node where it is.
        node = object.getValue("$ref") instanceof String ref ? pointer(root, ref) : node;
      } else {
        node = child(node, segment);
      }
      if (node == null) {
        return null;
      }
    }
    return node;
  }

  private static Object walkInstance(Object body, List<String> path) {
    Object node = body;
    for (String segment : path) {
      node = child(node, segment);
    }
    return node;
  }

  private static Object pointer(JsonObject root, String ref) {
    if (!ref.startsWith("#")) {
      return null;
    }
    return walkInstance(root, segments(ref));
  }

  private static Object child(Object node, String segment) {
    if (node instanceof JsonObject object) {
      return object.getValue(segment);
    }
    if (node instanceof JsonArray array) {
      try {
        int index = Integer.parseInt(segment);
        return index >= 0 && index < array.size() ? array.getValue(index) : null;
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }

  /** {@code "#/answers/phq9/1"} as {@code [answers, phq9, 1]}, JSON-pointer escapes undone. */
  private static List<String> segments(String location) {
    List<String> out = new ArrayList<>();
    if (location == null) {
      return out;
    }
    String s = location.startsWith("#") ? location.substring(1) : location;
    if (s.isEmpty()) {
      return out;
    }
    for (String part : s.substring(s.startsWith("/") ? 1 : 0).split("/", -1)) {
      out.add(part.replace("~1", "/").replace("~0", "~"));
    }
    return out;
  }

  /** {@code [answers, phq9, 1]} as {@code answers.phq9[1]}. */
  private static String field(List<String> path) {
    StringBuilder out = new StringBuilder();
    for (String segment : path) {
      if (!segment.isEmpty() && segment.chars().allMatch(Character::isDigit)) {
        out.append('[').append(segment).append(']');
      } else {
        if (out.length() > 0) {
          out.append('.');
        }
        out.append(cut(segment));
      }
    }
    return out.toString();
  }

  private static String cut(String s) {
    String printable = s.replaceAll("\\p{Cntrl}", "?");
    return printable.length() <= MAX_SEGMENT
        ? printable
        : printable.substring(0, MAX_SEGMENT) + "…";
  }
}
