package org.huxin.scales;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON object being read field by field, which knows its file and where in it it is, so every
 * fault names both; {@link #finish()} rejects fields nobody read.
 */
final class JsonFields {

  private final String file;
  private final JsonNode node;
  private final Set<String> read = new HashSet<>();
  private String where;

  JsonFields(String file, String where, JsonNode node) {
    this.file = file;
    this.where = where;
    this.node = node;
    if (node == null || !node.isObject()) {
      throw fault("expected a JSON object");
    }
  }

  /**
   * Renames the place faults are reported at, e.g. from {@code items[2]} to {@code item phq9_3}.
   */
  void where(String where) {
    this.where = where;
  }

  ScaleFileException fault(String fault) {
    return new ScaleFileException(file, where.isEmpty() ? fault : where + ": " + fault);
  }

  boolean has(String name) {
    return node.has(name);
  }

  private JsonNode field(String name) {
    read.add(name);
    JsonNode value = node.get(name);
    if (value == null || value.isNull()) {
      throw fault("missing field '" + name + "'");
    }
    return value;
  }

  String string(String name) {
    JsonNode value = field(name);
    if (!value.isTextual()) {
      throw fault("'" + name + "' must be a string");
    }
    return value.textValue();
  }

  String optString(String name, String absent) {
    return has(name) ? string(name) : absent;
  }

  int integer(String name) {
    JsonNode value = field(name);
    if (!value.isIntegralNumber() || !value.canConvertToInt()) {
      throw fault("'" + name + "' must be an integer, got " + value);
    }
    return value.intValue();
  }

  int optInteger(String name, int absent) {
    return has(name) ? integer(name) : absent;
  }

  double decimal(String name) {
    JsonNode value = field(name);
    if (!value.isNumber()) {
      throw fault("'" + name + "' must be a number, got " + value);
    }
    return value.doubleValue();
  }

  boolean optBool(String name, boolean absent) {
    return has(name) ? bool(name) : absent;
  }

  List<Integer> integers(String name) {
    List<Integer> out = new ArrayList<>();
    JsonNode array = array(name);
    for (int i = 0; i < array.size(); i++) {
      JsonNode value = array.get(i);
      if (!value.isIntegralNumber() || !value.canConvertToInt()) {
        throw fault(name + "[" + i + "] must be an integer, got " + value);
      }
      out.add(value.intValue());
    }
    return out;
  }

  List<Double> decimals(String name) {
    List<Double> out = new ArrayList<>();
    JsonNode array = array(name);
    for (int i = 0; i < array.size(); i++) {
      JsonNode value = array.get(i);
      if (!value.isNumber()) {
        throw fault(name + "[" + i + "] must be a number, got " + value);
      }
      out.add(value.doubleValue());
    }
    return out;
  }

  boolean bool(String name) {
    JsonNode value = field(name);
    if (!value.isBoolean()) {
      throw fault("'" + name + "' must be true or false");
    }
    return value.booleanValue();
  }

  private JsonNode array(String name) {
    JsonNode value = field(name);
    if (!value.isArray()) {
      throw fault("'" + name + "' must be an array");
    }
    return value;
  }

  List<String> strings(String name) {
    List<String> out = new ArrayList<>();
    JsonNode array = array(name);
    for (int i = 0; i < array.size(); i++) {
      if (!array.get(i).isTextual()) {
        throw fault(name + "[" + i + "] must be a string");
      }
      out.add(array.get(i).textValue());
    }
    return out;
  }

  List<String> optStrings(String name) {
    return has(name) ? strings(name) : List.of();
  }

  JsonFields object(String name) {
    return new JsonFields(file, join(name), field(name));
  }

  List<JsonFields> objects(String name) {
    JsonNode array = array(name);
    List<JsonFields> out = new ArrayList<>();
    for (int i = 0; i < array.size(); i++) {
      out.add(new JsonFields(file, join(name + "[" + i + "]"), array.get(i)));
    }
    return out;
  }

  LocalizedText text(String name) {
    JsonNode value = field(name);
    if (!value.isObject()) {
      throw fault("'" + name + "' must be an object keyed by locale");
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw fault(name + ": " + e.getKey() + " text must be a string");
      }
      texts.put(e.getKey(), e.getValue().textValue());
    }
    try {
      return new LocalizedText(texts);
    } catch (IllegalArgumentException e) {
      throw fault(name + ": " + e.getMessage());
    }
  }

  /** Fails on any field that was not read, except {@code $schema}. */
  void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!read.contains(name) && !name.equals("$schema")) {
        throw fault("unknown field '" + name + "'");
      }
    }
  }

  private String join(String child) {
    return where.isEmpty() ? child : where + ": " + child;
  }
}
