package org.huxin.gateway.student;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.huxin.engine.windows.Window;
import org.huxin.scales.CrisisLevel;

/**
 * What a student or parent reads on the thank-you page (SCALES.md, "Help for everyone"):
 *
 * <ul>
 *   <li>{@link #block}: a short "需要帮助时" block with the help lines, for every student and every
 *       parent, on every thank-you page. It is the same for everyone, so it is also what a repeated
 *       submit and any later sign-in answer: whoever holds a student's code afterwards learns
 *       nothing of the result from it.
 *   <li>{@link #crisisMessage}: only in the answer to the submit that stored a crisis result: the
 *       personal message for a student in tier 3 (the window's own words if it has them), a
 *       directive one for 重大, and advice for a parent who rated a child in crisis. Never a risk
 *       label or the reason.
 * </ul>
 *
 * <p>A window's contacts are stored per locale as {@code {"zh-CN": {title, message, contacts},
 * "en": …}}; the national services stand in when a window names none.
 */
public final class HelpContacts {
  /**
   * National services, used when a window names no contacts of its own: the 12356 psychological
   * assistance hotline, the Hope 24 line and emergency 120.
   */
  public static final String NATIONAL_JSON =
      """
      {"zh-CN": {"title": "如果你需要有人聊聊",
                 "message": "谢谢你如实作答。学校的心理老师会很快和你聊一聊。任何时候觉得难受，都可以拨打下面的电话，或者马上告诉身边信任的大人。",
                 "contacts": [{"name": "全国心理援助热线", "phone": "12356"},
                              {"name": "希望24热线", "phone": "400-161-9995"},
                              {"name": "紧急情况请拨打", "phone": "120"}]},
       "en": {"title": "If you would like to talk to someone",
              "message": "Thank you for answering honestly. The school counsellor will talk with you soon. Whenever you feel bad, you can call one of these numbers or tell a trusted adult right away.",
              "contacts": [{"name": "National psychological support hotline", "phone": "12356"},
                           {"name": "Hope 24 hotline", "phone": "400-161-9995"},
                           {"name": "In an emergency call", "phone": "120"}]}}
      """;

  private static final JsonObject NATIONAL = new JsonObject(NATIONAL_JSON);

  private static final String BLOCK_TITLE_ZH = "需要帮助时";
  private static final String BLOCK_TITLE_EN = "When you need help";
  private static final String BLOCK_ZH = "心情不好、压力很大，或者有伤害自己的念头时，你不是一个人。随时可以拨打下面的电话，或者告诉你信任的老师和家人。";
  private static final String BLOCK_EN =
      "If you feel low, under a lot of pressure, or think of hurting yourself, you are not alone."
          + " You can call one of these numbers at any time, or tell a teacher or family member you"
          + " trust.";
  private static final String BLOCK_PARENT_ZH = "如果您担心孩子的情绪或安全，可以随时拨打下面的电话，也可以联系学校的心理老师。";
  private static final String BLOCK_PARENT_EN =
      "If you are worried about your child's feelings or safety, you can call one of these numbers"
          + " at any time or contact the school counsellor.";

  private static final String PERSONAL_TITLE_ZH = "谢谢你告诉我们";
  private static final String PERSONAL_TITLE_EN = "Thank you for telling us";
  private static final String DIRECTIVE_TITLE_ZH = "请现在就告诉身边的老师或大人";
  private static final String DIRECTIVE_TITLE_EN =
      "Please tell a teacher or another adult near you now";
  private static final String DIRECTIVE_ZH = "现在就告诉身边的老师或大人你现在的感受，请不要一个人待着。如果觉得有危险，马上拨打 120 或 110。";
  private static final String DIRECTIVE_EN =
      "Tell a teacher or another adult near you how you feel right now, and please do not stay on"
          + " your own. If you feel in danger, call 120 or 110 at once.";
  private static final String PARENT_TITLE_ZH = "请您今天多陪伴孩子";
  private static final String PARENT_TITLE_EN = "Please stay close to your child today";
  private static final String PARENT_ZH =
      "谢谢您认真填写。请今天多陪伴孩子，不要让孩子独处；把药品、刀具、绳索等可能用来伤害自己的物品收好。学校的心理老师会尽快与您联系。如果孩子有立即的危险，请马上拨打 120 或 110。";
  private static final String PARENT_EN =
      "Thank you for filling this in. Please stay with your child today and do not leave them"
          + " alone; put away medicines, knives, cords and anything else that could be used for"
          + " self-harm. The school counsellor will contact you soon. If your child is in immediate"
          + " danger, call 120 or 110 at once.";

  private HelpContacts() {}

  /**
   * The "需要帮助时" block of every thank-you page in {@code locale}: the window's help lines, with
   * words for a parent when {@code form} is a parent's.
   */
  public static JsonObject block(Window window, String locale, String form) {
    boolean zh = !"en".equals(locale);
    boolean parent = "parent".equals(form);
    return new JsonObject()
        .put("title", zh ? BLOCK_TITLE_ZH : BLOCK_TITLE_EN)
        .put(
            "message",
            parent ? (zh ? BLOCK_PARENT_ZH : BLOCK_PARENT_EN) : (zh ? BLOCK_ZH : BLOCK_EN))
        .put("contacts", contacts(window, zh ? "zh-CN" : "en").copy());
  }

  /**
   * The message a crisis result adds to the answer of the submit that stored it: directive for 重大,
   * personal otherwise, parent advice for a parent's form; null without a crisis. {@code kind} is
   * {@code directive}, {@code personal} or {@code parent}.
   */
  public static JsonObject crisisMessage(
      Window window, String locale, String form, CrisisLevel level) {
    if (level == null) {
      return null;
    }
    boolean zh = !"en".equals(locale);
    if ("parent".equals(form)) {
      return message("parent", zh ? PARENT_TITLE_ZH : PARENT_TITLE_EN, zh ? PARENT_ZH : PARENT_EN);
    }
    if (level == CrisisLevel.MAJOR) {
      return message(
          "directive",
          zh ? DIRECTIVE_TITLE_ZH : DIRECTIVE_TITLE_EN,
          zh ? DIRECTIVE_ZH : DIRECTIVE_EN);
    }
    return message(
        "personal",
        zh ? PERSONAL_TITLE_ZH : PERSONAL_TITLE_EN,
        windowHelp(window, zh ? "zh-CN" : "en").getString("message", ""));
  }

  private static JsonObject message(String kind, String title, String text) {
    return new JsonObject().put("kind", kind).put("title", title).put("text", text);
  }

  private static JsonArray contacts(Window window, String locale) {
    JsonArray contacts = windowHelp(window, locale).getJsonArray("contacts");
    return contacts != null ? contacts : NATIONAL.getJsonObject(locale).getJsonArray("contacts");
  }

  /** The window's help entry in {@code locale} ("zh-CN" or "en"), or the national one. */
  private static JsonObject windowHelp(Window window, String locale) {
    JsonObject byLocale =
        window.helpContactsJson() == null ? NATIONAL : new JsonObject(window.helpContactsJson());
    JsonObject help = byLocale.getJsonObject(locale, byLocale.getJsonObject("zh-CN"));
    return help != null ? help : NATIONAL.getJsonObject(locale);
  }
}
