package org.huxin.gateway.student;

import io.vertx.core.json.JsonObject;
import org.huxin.engine.store.Window;

/**
 * Where a student whose answers raise a crisis is pointed to on the thank-you page: the window's
 * contacts (stored per locale as {@code {"zh-CN": {title, message, contacts}, "en": …}}), or the
 * national services when a window names none. A crisis is never answered without help.
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

  private HelpContacts() {}

  /** The help block for {@code window} in {@code locale} ("zh-CN" or "en"). */
  public static JsonObject of(Window window, String locale) {
    JsonObject byLocale =
        window.helpContactsJson() == null ? NATIONAL : new JsonObject(window.helpContactsJson());
    JsonObject help = byLocale.getJsonObject(locale, byLocale.getJsonObject("zh-CN"));
    return help != null ? help : NATIONAL.getJsonObject(locale);
  }
}
