package org.huxin.gateway.questionnaires;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import org.huxin.gateway.student.StudentWords;
import org.huxin.scales.Battery;
import org.huxin.scales.Scale;
import org.huxin.scales.ScaleLibrary;
import org.junit.jupiter.api.Test;

/**
 * Every questionnaire document the shipped library builds, one per battery × locale, as a student,
 * a parent or a head teacher receives it: neutral titles, the battery's text variant throughout,
 * and no instrument name anywhere.
 */
class QuestionnaireCatalogTest {
  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final QuestionnaireCatalog CATALOG = QuestionnaireCatalog.build(LIBRARY);

  @Test
  void everyDocument_titlesInstructionsAndOptionsHoldNoDiagnosticWord() {
    List<String> faults = new ArrayList<>();
    for (Battery battery : LIBRARY.batteries()) {
      for (String locale : QuestionnaireCatalog.LOCALES) {
        JsonObject doc = document(battery.id(), locale);
        String where = battery.id() + " " + locale;
        check(faults, where + " battery title", doc.getString("title"));
        for (JsonObject scale : scales(doc)) {
          String at = where + " " + scale.getString("id");
          check(faults, at + " title", scale.getString("title"));
          check(faults, at + " instructions", scale.getString("instructions"));
          for (Object o : scale.getJsonArray("options")) {
            check(faults, at + " option", ((JsonObject) o).getString("label"));
          }
          for (Object i : scale.getJsonArray("items")) {
            JsonObject refusal = ((JsonObject) i).getJsonObject("refusal");
            if (refusal != null) {
              check(faults, at + " refusal", refusal.getString("label"));
            }
          }
        }
      }
    }
    assertEquals(List.of(), faults);
  }

  @Test
  void everyDocument_namesNoInstrument() {
    for (Battery battery : LIBRARY.batteries()) {
      for (String locale : QuestionnaireCatalog.LOCALES) {
        JsonObject doc = document(battery.id(), locale);
        List<String> shown = shownTexts(doc);
        for (JsonObject scale : scales(doc)) {
          assertFalse(scale.containsKey("shortName"), battery.id() + " " + locale);
        }
        for (Scale scale : LIBRARY.scales()) {
          for (String text : shown) {
            String at = battery.id() + " " + locale + ": " + text;
            assertFalse(text.contains(scale.shortName()), at);
            assertFalse(text.contains(scale.title().get("zh-CN")), at);
            assertFalse(text.contains(scale.title().get("en")), at);
          }
        }
      }
    }
  }

  @Test
  void document_servesStudentTitleInTheBatterysTextVariant() {
    for (Battery battery : LIBRARY.batteries()) {
      for (String locale : QuestionnaireCatalog.LOCALES) {
        String variant = battery.textLocale(locale);
        for (JsonObject scale : scales(document(battery.id(), locale))) {
          Scale source = LIBRARY.scale(scale.getString("id"));
          String at = battery.id() + " " + locale + " " + source.id();
          assertEquals(source.studentTitle().get(variant), scale.getString("title"), at);
          assertEquals(source.instructions().get(variant), scale.getString("instructions"), at);
          JsonArray options = scale.getJsonArray("options");
          for (int k = 0; k < options.size(); k++) {
            assertEquals(
                source.options().get(k).label().get(variant),
                options.getJsonObject(k).getString("label"),
                at);
          }
          JsonArray items = scale.getJsonArray("items");
          for (int k = 0; k < items.size(); k++) {
            assertEquals(
                source.items().get(k).text().get(variant),
                items.getJsonObject(k).getString("text"),
                at);
          }
        }
      }
    }
  }

  @Test
  void grade4to6_readsPrimaryWordingAndNeutralTitles() {
    JsonObject doc = document("g4-6", "zh-CN");
    List<String> titles = scales(doc).stream().map(s -> s.getString("title")).toList();
    assertEquals(List.of("最近两周的心情", "最近两周的紧张和担心", "最近两周的感受", "几个重要的问题"), titles);
    JsonObject phq9 = scales(doc).get(0);
    assertTrue(phq9.getString("instructions").contains("你有多少天是这样的"));
    assertEquals(List.of("一天也没有", "有几天", "超过一半的天数", "几乎每天"), labels(phq9));
    assertEquals(List.of("一天也没有", "有几天", "超过一半的天数", "几乎每天"), labels(scales(doc).get(1)));
    assertEquals("一直都是", labels(scales(doc).get(2)).get(5));
    assertEquals(
        List.of("完全不会", "好几天", "一半以上的天数", "几乎每天"),
        labels(scales(document("g7-9", "zh-CN")).get(0)));
    JsonObject en = document("g4-6", "en");
    assertEquals("Your mood over the last two weeks", scales(en).get(0).getString("title"));
    assertEquals("A few important questions", scales(en).get(3).getString("title"));
  }

  @Test
  void grade7to9_readsNeutralTitlesNotInstrumentNames() {
    List<String> titles =
        scales(document("g7-9", "zh-CN")).stream().map(s -> s.getString("title")).toList();
    assertEquals(
        List.of("最近两周的心情", "最近两周的紧张和担心", "最近两周的感受", "几个重要的问题", "最近一个月的感受", "我怎么看自己"), titles);
  }

  @Test
  void parentForm_readsAboutTheChild() {
    List<String> titles =
        scales(document("g1-3-parent", "zh-CN")).stream().map(s -> s.getString("title")).toList();
    assertEquals(List.of("孩子最近的情况", "孩子的安全"), titles);
    List<String> en =
        scales(document("g1-3-teacher", "en")).stream().map(s -> s.getString("title")).toList();
    assertEquals(List.of("How this pupil has been at school", "The child's safety"), en);
  }

  /** Every text of a document the page shows: titles, instructions, items and answer choices. */
  private static List<String> shownTexts(JsonObject doc) {
    List<String> out = new ArrayList<>();
    out.add(doc.getString("title"));
    for (JsonObject scale : scales(doc)) {
      out.add(scale.getString("title"));
      out.add(scale.getString("instructions"));
      for (Object o : scale.getJsonArray("options")) {
        out.add(((JsonObject) o).getString("label"));
      }
      for (Object i : scale.getJsonArray("items")) {
        JsonObject item = (JsonObject) i;
        out.add(item.getString("text"));
        if (item.containsKey("refusal")) {
          out.add(item.getJsonObject("refusal").getString("label"));
        }
      }
    }
    return out;
  }

  private static List<String> labels(JsonObject scale) {
    return scale.getJsonArray("options").stream()
        .map(o -> ((JsonObject) o).getString("label"))
        .toList();
  }

  private static void check(List<String> faults, String where, String text) {
    StudentWords.firstIn(text).ifPresent(w -> faults.add(where + " says '" + w + "': " + text));
  }

  private static JsonObject document(String batteryId, String locale) {
    return new JsonObject(
        CATALOG.find(CATALOG.pathOf(batteryId, locale)).orElseThrow().json().toString());
  }

  private static List<JsonObject> scales(JsonObject doc) {
    return doc.getJsonArray("scales").stream().map(JsonObject.class::cast).toList();
  }
}
