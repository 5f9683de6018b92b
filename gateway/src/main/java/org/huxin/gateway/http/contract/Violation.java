package org.huxin.gateway.http.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The first rule of the contract a body breaks.
 *
 * @param path where in the body, as object keys and array indexes from the root; for {@code
 *     required} it ends with the missing field, for {@code additionalProperties} with the field not
 *     accepted, and for a key that breaks {@code propertyNames} with that key
 * @param keyword the JSON Schema keyword broken ({@code type}, {@code maxLength}, {@code required},
 *     {@code additionalProperties}, {@code pattern}...)
 * @param rule the keyword's value as the contract writes it (a limit, a type name or list, a
 *     pattern, a format name); for {@code required} and {@code additionalProperties}, the field
 *     name
 * @param inKey true when the broken rule is the {@code propertyNames} one: the key is wrong, not
 *     its value
 */
public record Violation(List<String> path, String keyword, Object rule, boolean inKey) {
  public Violation {
    path = List.copyOf(path);
    Objects.requireNonNull(keyword, "keyword");
    Objects.requireNonNull(rule, "rule");
  }

  static Violation at(String keyword, Object rule) {
    return new Violation(List.of(), keyword, rule, false);
  }

  /** This violation seen from the parent: {@code segment} (a key or an index) put in front. */
  Violation under(String segment) {
    List<String> longer = new ArrayList<>(path.size() + 1);
    longer.add(segment);
    longer.addAll(path);
    return new Violation(longer, keyword, rule, inKey);
  }
}
