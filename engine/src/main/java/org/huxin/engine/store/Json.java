package org.huxin.engine.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** The little JSON the store handles itself: checking documents and string maps for jsonb. */
public final class Json {

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
  private static final TypeReference<TreeMap<String, String>> STRING_MAP = new TypeReference<>() {};

  private Json() {}

  /**
   * Checks that {@code json} is one JSON object PostgreSQL's jsonb accepts (it refuses NUL, raw or
   * escaped as backslash-u0000); the message names {@code what}.
   */
  public static void requireObject(String what, String json) {
    if (json == null) {
      throw new IllegalArgumentException(what + " is missing");
    }
    if (json.indexOf('\0') >= 0 || json.contains("\\u0000")) {
      throw new IllegalArgumentException(
          what + " contains a NUL character, which jsonb cannot store");
    }
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new IllegalArgumentException(what + " must be a JSON object");
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        throw new IllegalArgumentException(what + " has text after its closing brace");
      }
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new IllegalStateException("reading a String cannot fail with I/O", e);
    }
  }

  public static String write(Map<String, String> map) {
    try {
      return MAPPER.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a map of strings always serialises", e);
    }
  }

  public static Map<String, String> readStringMap(String what, String json) {
    try {
      return MAPPER.readValue(json, STRING_MAP);
    } catch (JsonProcessingException e) {
      throw new StoreException(
          what + " is not a JSON object of strings: " + e.getOriginalMessage(), e);
    }
  }
}
