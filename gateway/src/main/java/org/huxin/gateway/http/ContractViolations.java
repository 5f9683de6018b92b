package org.huxin.gateway.http;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import org.huxin.gateway.http.contract.Violation;

/**
 * Turns the first rule a request body breaks into one sentence naming the field and the rule
 * ({@code body: 'studentNo' must be at most 32 characters}). The limits come from the compiled
 * contract, so the sentence and the rule cannot disagree. Only field names (cut to 40 characters)
 * and the contract's own values appear in it, never a value the client sent.
 */
final class ContractViolations {
  private static final int MAX_SEGMENT = 40;

  private ContractViolations() {}

  static String describe(Violation violation) {
    List<String> path = violation.path();
    String keyword = violation.keyword();
    if (violation.inKey()) {
      String key = path.isEmpty() ? "" : path.get(path.size() - 1);
      String owner = field(path.subList(0, Math.max(0, path.size() - 1)));
      return "body: "
          + (owner.isEmpty() ? "" : "'" + owner + "' has ")
          + "a key '"
          + cut(key)
          + "' that "
          + rulePhrase(keyword, violation.rule());
    }
    if (keyword.equals("required")) {
      return "body: '" + field(path) + "' is required";
    }
    if (keyword.equals("additionalProperties")) {
      return "body: '" + field(path) + "' is not accepted here";
    }
    if (path.isEmpty()) {
      return "body " + rulePhrase(keyword, violation.rule());
    }
    return "body: '" + field(path) + "' " + rulePhrase(keyword, violation.rule());
  }

  private static String rulePhrase(String keyword, Object rule) {
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
      case "minimum" -> "must be at least " + rule;
      case "maximum" -> "must be at most " + rule;
      case "maxItems" -> "must have at most " + rule + " items";
      case "maxProperties" -> "must have at most " + rule + " fields";
      default -> "breaks the contract's '" + keyword + "' rule";
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
