package org.huxin.gateway.questionnaires;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.huxin.scales.Battery;
import org.huxin.scales.Item;
import org.huxin.scales.ResponseOption;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;

/**
 * Every questionnaire a student can be shown, one per battery × locale, built once at start-up as
 * JSON and gzip bytes with a content-hash ETag. The URL carries that hash, so a browser or CDN may
 * cache a document forever and a changed scale file gets a new URL.
 *
 * <p>A document holds only what the respondent reads, in the battery's text variant ({@link
 * Battery#textLocale}: primary-school wording for grades 4–6): each scale's neutral {@link
 * Scale#studentTitle}, never its instrument name, short name or band labels.
 */
public final class QuestionnaireCatalog {
  /** Locales every document is built in. */
  public static final List<String> LOCALES = List.of("zh-CN", "en");

  /** One built document. */
  public record Document(String path, Buffer json, Buffer gzip, String etag) {}

  private final Map<String, Document> byPath;
  private final Map<String, Document> byKey;

  private QuestionnaireCatalog(Map<String, Document> byKey) {
    this.byKey = Map.copyOf(byKey);
    Map<String, Document> paths = new HashMap<>();
    byKey.values().forEach(d -> paths.put(d.path(), d));
    this.byPath = Map.copyOf(paths);
  }

  public static QuestionnaireCatalog build(ScaleLibrary library) {
    Map<String, Document> byKey = new HashMap<>();
    for (Battery battery : library.batteries()) {
      // One hash over every locale of the battery, so switching the last path segment switches
      // the language and the URL still changes whenever any text of the battery does.
      Map<String, byte[]> docs = new HashMap<>();
      MessageDigest digest = sha256();
      for (String locale : LOCALES) {
        byte[] json = document(library, battery, locale).encode().getBytes(StandardCharsets.UTF_8);
        docs.put(locale, json);
        digest.update(json);
      }
      String hash = HexFormat.of().formatHex(digest.digest()).substring(0, 16);
      for (String locale : LOCALES) {
        byte[] json = docs.get(locale);
        String path = "/api/questionnaires/" + battery.id() + "/" + hash + "/" + locale;
        byKey.put(
            key(battery.id(), locale),
            new Document(
                path,
                Buffer.buffer(json),
                Buffer.buffer(gzip(json)),
                '"' + hash + '-' + locale + '"'));
      }
    }
    return new QuestionnaireCatalog(byKey);
  }

  /** The URL path of a battery's document in a locale. */
  public String pathOf(String batteryId, String locale) {
    Document d = byKey.get(key(batteryId, locale));
    if (d == null) {
      throw new IllegalArgumentException(
          "no questionnaire for battery " + batteryId + " in locale " + locale);
    }
    return d.path();
  }

  private static String key(String batteryId, String locale) {
    return batteryId + '|' + locale;
  }

  public Optional<Document> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  private static JsonObject document(ScaleLibrary library, Battery battery, String locale) {
    String textLocale = battery.textLocale(locale);
    JsonArray scales = new JsonArray();
    for (String scaleId : battery.scaleIds()) {
      Scale scale = library.scale(scaleId);
      JsonArray options = new JsonArray();
      for (ResponseOption o : scale.options()) {
        options.add(
            new JsonObject().put("value", o.value()).put("label", o.label().get(textLocale)));
      }
      JsonArray items = new JsonArray();
      for (Item item : scale.items()) {
        JsonObject json =
            new JsonObject().put("number", item.number()).put("text", item.text().get(textLocale));
        if (item.showIf() != null) {
          // Same shape as the scale file; the page hides the item and sends it back as null.
          json.put(
              "showIf",
              new JsonObject()
                  .put("anyOf", new JsonArray(item.showIf().anyOf()))
                  .put("equals", item.showIf().equals()));
        }
        if (item.refusable()) {
          // "I'd rather not answer": sent back as "refused"; it opens a showIf gate like the
          // option it counts as (an ASQ refusal is a positive, so item 5 is asked).
          json.put(
              "refusal",
              new JsonObject()
                  .put("label", scale.refusalLabel().get(textLocale))
                  .put("countsAs", item.refusalScoredAs()));
        }
        items.add(json);
      }
      scales.add(
          new JsonObject()
              .put("id", scale.id())
              .put("title", scale.studentTitle().get(textLocale))
              .put("instructions", scale.instructions().get(textLocale))
              .put("options", options)
              .put("items", items));
    }
    return new JsonObject()
        .put("battery", battery.id())
        .put("version", battery.version())
        .put("locale", locale)
        .put("title", battery.title().get(locale))
        .put("scales", scales);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
