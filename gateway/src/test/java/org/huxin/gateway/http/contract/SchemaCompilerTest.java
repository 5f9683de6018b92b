package org.huxin.gateway.http.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaCompilerTest {
  private static final String AT = "#/paths/~1x/post/requestBody/content/application~1json/schema";

  private static CompiledSchema compile(JsonObject schema, JsonObject document) {
    return SchemaCompiler.compile("op", schema, AT, document);
  }

  private static CompiledSchema compile(String schemaJson) {
    return compile(new JsonObject(schemaJson), new JsonObject());
  }

  private static Object json(String text) {
    return Buffer.buffer(text).toJsonValue();
  }

  @Test
  void compile_unsupportedKeyword_namesOperationAndKeyword() {
    UnsupportedSchemaException e =
        assertThrows(
            UnsupportedSchemaException.class,
            () ->
                compile(
                    "{\"type\":\"object\",\"properties\":{\"a\":{\"oneOf\":[{\"type\":\"string\"}]}}}"));
    assertEquals("op", e.operationId());
    assertEquals("oneOf", e.keyword());
    assertEquals(AT + "/properties/a", e.location());
    assertTrue(e.getMessage().startsWith("operation 'op': keyword 'oneOf' at "), e.getMessage());
  }

  @Test
  void compile_nullableIsNotOpenApi31() {
    assertEquals(
        "nullable",
        assertThrows(
                UnsupportedSchemaException.class,
                () -> compile("{\"type\":\"string\",\"nullable\":true}"))
            .keyword());
  }

  @Test
  void compile_unknownFormat() {
    UnsupportedSchemaException e =
        assertThrows(
            UnsupportedSchemaException.class,
            () -> compile("{\"type\":\"string\",\"format\":\"email\"}"));
    assertEquals("format", e.keyword());
    assertTrue(e.getMessage().contains("'email'"), e.getMessage());
  }

  @Test
  void compile_refOutsideTheContract() {
    assertEquals(
        "$ref",
        assertThrows(
                UnsupportedSchemaException.class,
                () -> compile("{\"$ref\":\"https://example.com/s.json#/A\"}"))
            .keyword());
  }

  @Test
  void compile_refToNothing() {
    assertThrows(
        UnsupportedSchemaException.class, () -> compile("{\"$ref\":\"#/components/schemas/No\"}"));
  }

  @Test
  void compile_recursiveRef() {
    JsonObject document =
        new JsonObject(
            "{\"components\":{\"schemas\":{\"Node\":{\"type\":\"object\","
                + "\"properties\":{\"next\":{\"$ref\":\"#/components/schemas/Node\"}}}}}}");
    UnsupportedSchemaException e =
        assertThrows(
            UnsupportedSchemaException.class,
            () -> compile(new JsonObject("{\"$ref\":\"#/components/schemas/Node\"}"), document));
    assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
  }

  @Test
  void compile_badKeywordValue() {
    assertEquals(
        "maxLength",
        assertThrows(
                UnsupportedSchemaException.class,
                () -> compile("{\"type\":\"string\",\"maxLength\":\"32\"}"))
            .keyword());
  }

  @Test
  void ref_siblingKeywordsAlsoApply() {
    JsonObject document =
        new JsonObject("{\"components\":{\"schemas\":{\"S\":{\"type\":\"string\"}}}}");
    CompiledSchema s =
        compile(
            new JsonObject("{\"$ref\":\"app:///#/components/schemas/S\",\"maxLength\":2}"),
            document);
    assertTrue(s.accepts("ab"));
    assertEquals("type", s.firstViolation(3).keyword());
    assertEquals("maxLength", s.firstViolation("abc").keyword());
  }

  @Test
  void type_integerIsAWholeNumber() {
    CompiledSchema s = compile("{\"type\":\"integer\",\"minimum\":0,\"maximum\":255}");
    assertTrue(s.accepts(json("2.0")));
    assertEquals("type", s.firstViolation(json("2.5")).keyword());
    assertEquals("maximum", s.firstViolation(json("256")).keyword());
    assertEquals("minimum", s.firstViolation(json("-1")).keyword());
    assertEquals("maximum", s.firstViolation(json("99999999999999999999")).keyword());
  }

  @Test
  void length_countsCodePoints() {
    CompiledSchema s = compile("{\"type\":\"string\",\"maxLength\":2}");
    assertTrue(s.accepts("\uD83D\uDE00\uD83D\uDE00"), "two emoji are two characters");
    assertFalse(s.accepts("abc"));
  }

  @Test
  void pattern_isFoundNotMatched() {
    CompiledSchema s = compile("{\"type\":\"string\",\"pattern\":\"\\\\S\"}");
    assertTrue(s.accepts("  x "));
    Violation v = s.firstViolation("   ");
    assertEquals("pattern", v.keyword());
    assertEquals("\\S", v.rule());
  }

  @Test
  void uuid_onlyTheHexForm() {
    CompiledSchema s = compile("{\"type\":\"string\",\"format\":\"uuid\"}");
    assertTrue(s.accepts("0b6f3c5e-8d1a-4f47-9c3e-2a7b1d9e4f60"));
    assertTrue(s.accepts("0B6F3C5E-8D1A-4F47-9C3E-2A7B1D9E4F60"));
    // vertx-json-schema accepts both of these; UUID.fromString in the submit handler would not.
    assertFalse(s.accepts("urn:uuid:0b6f3c5e-8d1a-4f47-9c3e-2a7b1d9e4f60"));
    assertFalse(s.accepts("0b6f3c5e-8d1a-4f47-9c3e-2a7b1d9e4f60\n"));
  }

  @Test
  void dateTime_realDatesOnly() {
    CompiledSchema s = compile("{\"type\":\"string\",\"format\":\"date-time\"}");
    assertTrue(s.accepts("2026-10-12T07:55:00Z"));
    assertTrue(s.accepts("2026-10-12t07:55:00.5+08:00"));
    assertFalse(s.accepts("2026-02-30T07:55:00Z"));
    assertFalse(s.accepts("2026-10-12 07:55:00Z"));
  }

  @Test
  void object_firstViolationNamesThePath() {
    CompiledSchema s =
        compile(
            "{\"type\":\"object\",\"additionalProperties\":false,\"required\":[\"a\"],"
                + "\"properties\":{\"a\":{\"type\":\"object\",\"propertyNames\":{\"pattern\":\"^[a-z]+$\"},"
                + "\"additionalProperties\":{\"type\":\"array\",\"maxItems\":2,"
                + "\"items\":{\"type\":[\"integer\",\"null\"]}}}}}");
    assertNull(s.firstViolation(json("{\"a\":{\"x\":[1,null]}}")));
    assertEquals(new Violation(List.of("a"), "required", "a", false), s.firstViolation(json("{}")));
    assertEquals(
        new Violation(List.of("b"), "additionalProperties", "b", false),
        s.firstViolation(json("{\"a\":{},\"b\":1}")));
    assertEquals(
        new Violation(List.of("a", "X"), "pattern", "^[a-z]+$", true),
        s.firstViolation(json("{\"a\":{\"X\":[]}}")));
    assertEquals(
        new Violation(List.of("a", "x"), "maxItems", 2, false),
        s.firstViolation(json("{\"a\":{\"x\":[1,2,3]}}")));
    Violation wrongItem = s.firstViolation(json("{\"a\":{\"x\":[1,\"2\"]}}"));
    assertEquals(List.of("a", "x", "1"), wrongItem.path());
    assertEquals(new JsonArray().add("integer").add("null"), wrongItem.rule());
  }
}
