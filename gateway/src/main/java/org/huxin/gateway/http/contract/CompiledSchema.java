package org.huxin.gateway.http.contract;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One schema of the contract, compiled: the keywords it holds as fields, checked in the order
 * vertx-json-schema checks them ({@code $ref}, {@code type}, {@code enum}, object keywords, array
 * keywords, number keywords, string keywords), so the first violation is the one it would report
 * first. A body that passes allocates nothing. Immutable; built only by {@link SchemaCompiler}.
 *
 * <p>Instances are what {@code Buffer.toJsonValue()} yields: {@link JsonObject}, {@link JsonArray},
 * {@link String}, {@link Number} ({@code Integer}, {@code Long}, {@code BigInteger}, {@code
 * Double}), {@link Boolean} or {@code null}. An integer is any number without a fractional part
 * ({@code 2.0} is one, as JSON Schema says); string lengths count code points; a {@code pattern} is
 * a Java regex that must be found in the string (not match all of it), as in JSON Schema.
 */
public final class CompiledSchema {
  static final int STRING = 1;
  static final int INTEGER = 2;
  static final int NUMBER = 4;
  static final int OBJECT = 8;
  static final int ARRAY = 16;
  static final int BOOLEAN = 32;
  static final int NULL = 64;

  /** No limit on a count or length. */
  static final int NONE = -1;

  /** A string format the contract may name. */
  enum Format {
    /** RFC 4122 text form, 8-4-4-4-12 hex digits, nothing before or after. */
    UUID(
        Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")),
    /**
     * RFC 3339 date-time (a lower-case {@code t} or {@code z} allowed); the offset may be left out,
     * as vertx-json-schema allows, and the fields must make a real date (ISO_DATE_TIME).
     */
    DATE_TIME(
        Pattern.compile(
            "\\d{4}-[01]\\d-[0-3]\\d[Tt](?:[0-2]\\d:[0-5]\\d:[0-5]\\d|23:59:60)(?:\\.\\d+)?"
                + "(?:[Zz]|[+-]\\d\\d(?::?\\d\\d)?)?"));

    private final Pattern shape;

    Format(Pattern shape) {
      this.shape = shape;
    }

    boolean accepts(String s) {
      if (!shape.matcher(s).matches()) {
        return false;
      }
      if (this == UUID) {
        return true;
      }
      try {
        DateTimeFormatter.ISO_DATE_TIME.parse(s);
        return true;
      } catch (DateTimeParseException e) {
        return false;
      }
    }
  }

  final CompiledSchema ref;
  final int types;
  final Object typeRule;
  final List<Object> enumValues;
  final JsonArray enumRule;
  final String[] required;
  final int maxProperties;
  final CompiledSchema propertyNames;
  final String[] propertyOrder;
  final Map<String, CompiledSchema> properties;
  final boolean additionalForbidden;
  final CompiledSchema additional;
  final int maxItems;
  final CompiledSchema items;
  final Number minimum;
  final Number maximum;
  final int minLength;
  final int maxLength;
  final Pattern pattern;
  final Format format;
  final String formatRule;

  CompiledSchema(
      CompiledSchema ref,
      int types,
      Object typeRule,
      JsonArray enumRule,
      String[] required,
      int maxProperties,
      CompiledSchema propertyNames,
      Map<String, CompiledSchema> properties,
      boolean additionalForbidden,
      CompiledSchema additional,
      int maxItems,
      CompiledSchema items,
      Number minimum,
      Number maximum,
      int minLength,
      int maxLength,
      Pattern pattern,
      String formatRule) {
    this.ref = ref;
    this.types = types;
    this.typeRule = typeRule;
    this.enumRule = enumRule;
    this.enumValues = enumRule == null ? null : enumRule.getList();
    this.required = required;
    this.maxProperties = maxProperties;
    this.propertyNames = propertyNames;
    this.properties = properties == null ? null : Map.copyOf(properties);
    this.propertyOrder = properties == null ? null : properties.keySet().toArray(String[]::new);
    this.additionalForbidden = additionalForbidden;
    this.additional = additional;
    this.maxItems = maxItems;
    this.items = items;
    this.minimum = minimum;
    this.maximum = maximum;
    this.minLength = minLength;
    this.maxLength = maxLength;
    this.pattern = pattern;
    this.formatRule = formatRule;
    this.format =
        formatRule == null ? null : formatRule.equals("uuid") ? Format.UUID : Format.DATE_TIME;
  }

  /** Whether {@code value} satisfies this schema. */
  public boolean accepts(Object value) {
    return firstViolation(value) == null;
  }

  /** The first rule {@code value} breaks, or null when it satisfies this schema. */
  public Violation firstViolation(Object value) {
    if (ref != null) {
      Violation v = ref.firstViolation(value);
      if (v != null) {
        return v;
      }
    }
    if (types != 0 && (types & typeOf(value)) == 0) {
      return Violation.at("type", typeRule);
    }
    if (enumValues != null && !inEnum(value)) {
      return Violation.at("enum", enumRule);
    }
    if (value instanceof JsonObject object) {
      return objectViolation(object);
    }
    if (value instanceof JsonArray array) {
      return arrayViolation(array);
    }
    if (value instanceof Number number) {
      if (minimum != null && less(number, minimum)) {
        return Violation.at("minimum", minimum);
      }
      if (maximum != null && less(maximum, number)) {
        return Violation.at("maximum", maximum);
      }
      return null;
    }
    if (value instanceof String string) {
      return stringViolation(string);
    }
    return null;
  }

  private Violation objectViolation(JsonObject object) {
    if (required != null) {
      for (String name : required) {
        if (!object.containsKey(name)) {
          return Violation.at("required", name).under(name);
        }
      }
    }
    if (maxProperties != NONE && object.size() > maxProperties) {
      return Violation.at("maxProperties", maxProperties);
    }
    if (propertyNames != null) {
      for (String key : object.fieldNames()) {
        Violation v = propertyNames.firstViolation(key);
        if (v != null) {
          return new Violation(List.of(key), v.keyword(), v.rule(), true);
        }
      }
    }
    if (properties != null) {
      for (String name : propertyOrder) {
        if (object.containsKey(name)) {
          Violation v = properties.get(name).firstViolation(object.getValue(name));
          if (v != null) {
            return v.under(name);
          }
        }
      }
    }
    if (additionalForbidden || additional != null) {
      for (Map.Entry<String, Object> field : object) {
        String name = field.getKey();
        if (properties != null && properties.containsKey(name)) {
          continue;
        }
        if (additionalForbidden) {
          return Violation.at("additionalProperties", name).under(name);
        }
        Violation v = additional.firstViolation(field.getValue());
        if (v != null) {
          return v.under(name);
        }
      }
    }
    return null;
  }

  private Violation arrayViolation(JsonArray array) {
    if (maxItems != NONE && array.size() > maxItems) {
      return Violation.at("maxItems", maxItems);
    }
    if (items != null) {
      for (int i = 0; i < array.size(); i++) {
        Violation v = items.firstViolation(array.getValue(i));
        if (v != null) {
          return v.under(Integer.toString(i));
        }
      }
    }
    return null;
  }

  private Violation stringViolation(String string) {
    if (minLength != NONE || maxLength != NONE) {
      int length = string.codePointCount(0, string.length());
      if (minLength != NONE && length < minLength) {
        return Violation.at("minLength", minLength);
      }
      if (maxLength != NONE && length > maxLength) {
        return Violation.at("maxLength", maxLength);
      }
    }
    if (pattern != null && !pattern.matcher(string).find()) {
      return Violation.at("pattern", pattern.pattern());
    }
    if (format != null && !format.accepts(string)) {
      return Violation.at("format", formatRule);
    }
    return null;
  }

  private boolean inEnum(Object value) {
    for (Object allowed : enumValues) {
      if (value instanceof Number a && allowed instanceof Number b) {
        if (compare(a, b) == 0) {
          return true;
        }
      } else if (Objects.equals(value, allowed)) {
        return true;
      }
    }
    return false;
  }

  private static int typeOf(Object value) {
    if (value == null) {
      return NULL;
    }
    if (value instanceof String) {
      return STRING;
    }
    if (value instanceof Number number) {
      return isInteger(number) ? NUMBER | INTEGER : NUMBER;
    }
    if (value instanceof JsonObject) {
      return OBJECT;
    }
    if (value instanceof JsonArray) {
      return ARRAY;
    }
    if (value instanceof Boolean) {
      return BOOLEAN;
    }
    return 0;
  }

  private static boolean isInteger(Number n) {
    if (n instanceof Integer || n instanceof Long || n instanceof BigInteger) {
      return true;
    }
    if (n instanceof BigDecimal d) {
      return d.stripTrailingZeros().scale() <= 0;
    }
    double d = n.doubleValue();
    return d % 1 == 0.0;
  }

  private static boolean less(Number a, Number b) {
    return compare(a, b) < 0;
  }

  private static int compare(Number a, Number b) {
    if (a instanceof BigInteger
        || a instanceof BigDecimal
        || b instanceof BigInteger
        || b instanceof BigDecimal) {
      return big(a).compareTo(big(b));
    }
    if (isLong(a) && isLong(b)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    double x = a.doubleValue();
    double y = b.doubleValue();
    return x < y ? -1 : x > y ? 1 : 0;
  }

  private static boolean isLong(Number n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  private static BigDecimal big(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger i) {
      return new BigDecimal(i);
    }
    if (isLong(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    return BigDecimal.valueOf(n.doubleValue());
  }
}
