package org.huxin.gateway.slips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.Window;
import org.huxin.engine.windows.WindowStatus;
import org.huxin.gateway.slips.SlipPage.Language;
import org.junit.jupiter.api.Test;

class SlipPageTest {
  private static final String HOSTILE = "<script>alert('x')</script>";
  private static final ClassInfo CLASS_7_1 =
      new ClassInfo(71, "1班", 7, 10, "S0102", "历下区第一初级中学", 1);
  private static final Window WINDOW =
      new Window(
          3,
          "2026 秋季筛查",
          WindowStatus.OPEN,
          List.of(),
          List.of(),
          4,
          12,
          Map.of("7-9", "g7-9"),
          Instant.parse("2026-10-12T00:00:00Z"),
          Instant.parse("2026-10-19T09:00:00Z"),
          new byte[32],
          null,
          Instant.parse("2026-10-01T00:00:00Z"),
          4,
          NewWindow.DEFAULT_RULE_SET);

  @Test
  void render_tenSlipsPerSheet() {
    String html = render(CLASS_7_1, WINDOW, slips(25), Language.BILINGUAL);

    assertEquals(3, count(html, "<section class=\"sheet\">"));
    assertEquals(25, count(html, "<article class=\"slip"));
    assertEquals(25, count(html, "<svg class=\"qr\""));
  }

  @Test
  void render_emptyClass() {
    String html = render(CLASS_7_1, WINDOW, List.of(), Language.BILINGUAL);

    assertEquals(0, count(html, "<section class=\"sheet\">"));
    assertTrue(html.contains("本班没有学生"), html);
  }

  @Test
  void render_everyTextEscaped() {
    ClassInfo hostileClass = new ClassInfo(71, HOSTILE, 7, 10, "S&1", HOSTILE, 1);
    Window hostileWindow =
        new Window(
            3,
            HOSTILE,
            WindowStatus.OPEN,
            List.of(),
            List.of(),
            4,
            12,
            Map.of("7-9", "g7-9"),
            WINDOW.opensAt(),
            WINDOW.closesAt(),
            new byte[32],
            null,
            WINDOW.createdAt(),
            4,
            NewWindow.DEFAULT_RULE_SET);
    Slip slip = slip(HOSTILE + "\"&", "1<2", true);

    String html = render(hostileClass, hostileWindow, List.of(slip), Language.BILINGUAL);

    assertFalse(html.contains("<script>alert"), html);
    assertFalse(html.contains("1<2"), html);
    assertTrue(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;"), html);
    assertTrue(html.contains("S&amp;1"), html);
  }

  @Test
  void render_consentPendingMarked() {
    List<Slip> slips = List.of(slip("甲", "1", true), slip("乙", "2", false));

    String html = render(CLASS_7_1, WINDOW, slips, Language.BILINGUAL);

    assertEquals(1, count(html, "<article class=\"slip pending\">"));
    assertEquals(1, count(html, "<p class=\"consent-note\">"));
    assertTrue(html.contains("待家长同意"), html);
    assertTrue(html.contains("consent pending"), html);
    assertTrue(html.contains("1 名待家长同意"), html);
  }

  @Test
  void render_bilingualLabelsZhFirst() {
    String html = render(CLASS_7_1, WINDOW, slips(1), Language.BILINGUAL);

    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"zh-CN\">"), html);
    assertTrue(
        html.contains("<span class=\"zh\">访问码</span> <span class=\"en\" lang=\"en\">"), html);
    assertTrue(html.contains("7年级 1班"), html);
    assertTrue(html.contains("href=\"?window=3&amp;lang=en\""), html);
  }

  @Test
  void render_english() {
    String html = render(CLASS_7_1, WINDOW, slips(1), Language.ENGLISH);

    assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">"), html);
    assertTrue(html.contains("Access code"), html);
    assertFalse(html.contains("访问码"), html);
    assertTrue(html.contains("Grade 7, 1班"), html);
  }

  @Test
  void render_closeDateInChinaTime() {
    String html = render(CLASS_7_1, WINDOW, slips(1), Language.BILINGUAL);

    assertTrue(html.contains("2026-10-19 17:00"), html);
  }

  @Test
  void render_noInlineStyleOrScript() {
    String html = render(CLASS_7_1, WINDOW, slips(3), Language.BILINGUAL);

    assertFalse(html.contains("style="), html);
    assertFalse(html.contains("<style"), html);
    assertEquals(1, count(html, "<script"));
    assertTrue(html.contains("<script src=\"/console/slips.js\" defer></script>"), html);
    assertTrue(html.contains("<link rel=\"stylesheet\" href=\"/console/slips.css\">"), html);
  }

  private static String render(ClassInfo c, Window w, List<Slip> slips, Language language) {
    return SlipPage.render(c, w, slips, "https://huxin.example.cn/", language);
  }

  private static List<Slip> slips(int n) {
    List<Slip> slips = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      slips.add(slip("学生" + i, Integer.toString(i), true));
    }
    return slips;
  }

  private static Slip slip(String name, String number, boolean consent) {
    String link = SlipsApi.loginLink("https://huxin.example.cn", "S0102", number, "AAAAA-BBBBB");
    return new Slip(
        number, name, "AAAAA-BBBBB", consent, link, QrCodes.svg(QrCodes.matrix(link), "QR"));
  }

  static int count(String text, String part) {
    int n = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
