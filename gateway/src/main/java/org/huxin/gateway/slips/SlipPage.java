package org.huxin.gateway.slips;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import org.huxin.engine.roster.ClassRosterQueries.ClassInfo;
import org.huxin.engine.windows.Window;

/**
 * The printable slip page of one class: a screen toolbar (print button, language switch, a summary
 * and a handling note), then A4 sheets of {@value #SLIPS_PER_SHEET} slips each. Every piece of data
 * is escaped; styling lives in {@code /console/slips.css} and the print button's handler in {@code
 * /console/slips.js}, because the CSP allows neither inline styles nor inline scripts.
 */
final class SlipPage {
  /** Two columns of five: 95 × 55 mm slips on the 190 × 277 mm printable area of A4. */
  static final int SLIPS_PER_SHEET = 10;

  /** Close dates are printed in China Standard Time, the time on the classroom clock. */
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  private static final DateTimeFormatter CLOSES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  /** Labels in zh-CN with English beneath (the default), or English only. */
  enum Language {
    BILINGUAL("zh-CN"),
    ENGLISH("en");

    private final String tag;

    Language(String tag) {
      this.tag = tag;
    }

    /** The value of the {@code lang} query parameter that selects this language. */
    String tag() {
      return tag;
    }
  }

  private final ClassInfo schoolClass;
  private final Window window;
  private final String loginUrl;
  private final Language language;
  private final boolean parent;
  private final StringBuilder out;

  private SlipPage(
      ClassInfo schoolClass, Window window, String loginUrl, Language language, boolean parent) {
    this.parent = parent;
    this.schoolClass = Objects.requireNonNull(schoolClass, "schoolClass");
    this.window = Objects.requireNonNull(window, "window");
    this.loginUrl = Objects.requireNonNull(loginUrl, "loginUrl");
    this.language = Objects.requireNonNull(language, "language");
    this.out = new StringBuilder(4096);
  }

  /** The whole HTML document; {@code loginUrl} is the student page's address printed as text. */
  static String render(
      ClassInfo schoolClass, Window window, List<Slip> slips, String loginUrl, Language language) {
    return render(schoolClass, window, slips, loginUrl, language, false);
  }

  /**
   * As {@link #render(ClassInfo, Window, List, String, Language)}; with {@code parent} the codes
   * are parent codes (grades 1–3: a parent rates the child) and the slips address the parent.
   */
  static String render(
      ClassInfo schoolClass,
      Window window,
      List<Slip> slips,
      String loginUrl,
      Language language,
      boolean parent) {
    SlipPage page = new SlipPage(schoolClass, window, loginUrl, language, parent);
    page.out.ensureCapacity(4096 + slips.size() * 3072);
    page.document(slips);
    return page.out.toString();
  }

  private void document(List<Slip> slips) {
    out.append("<!DOCTYPE html>\n<html lang=\"")
        .append(language.tag())
        .append("\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<meta name=\"robots\" content=\"noindex, nofollow\">\n")
        .append("<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
    text(bilingual() ? "访问码条" : "Access slips");
    out.append(" · ");
    text(schoolClass.schoolName() + " " + gradeAndClass());
    out.append("</title>\n<link rel=\"stylesheet\" href=\"/console/slips.css\">\n")
        .append("<script src=\"/console/slips.js\" defer></script>\n</head>\n<body>\n");
    toolbar(slips);
    out.append("<main class=\"sheets\">\n");
    if (slips.isEmpty()) {
      out.append("<p class=\"empty\">");
      label("本班没有学生。", "This class has no students.");
      out.append("</p>\n");
    }
    for (int start = 0; start < slips.size(); start += SLIPS_PER_SHEET) {
      out.append("<section class=\"sheet\">\n");
      for (Slip slip : slips.subList(start, Math.min(slips.size(), start + SLIPS_PER_SHEET))) {
        slip(slip);
      }
      out.append("</section>\n");
    }
    out.append("</main>\n</body>\n</html>\n");
  }

  private void toolbar(List<Slip> slips) {
    long pending = slips.stream().filter(s -> !s.consent()).count();
    out.append("<header class=\"toolbar\">\n<div class=\"toolbar-text\">\n<h1>");
    if (parent) {
      label("家长评定码条", "Parent rating slips");
    } else {
      label("学生访问码条", "Student access slips");
    }
    out.append("</h1>\n<p class=\"summary\">");
    text(schoolClass.schoolName());
    out.append(" (");
    text(schoolClass.schoolCode());
    out.append(") · ");
    text(gradeAndClass());
    out.append(" · ");
    text(window.name());
    out.append("<br>");
    label(slips.size() + " 名学生", slips.size() + " students");
    if (pending > 0) {
      out.append(" · <strong class=\"pending-count\">");
      label(pending + " 名待家长同意", pending + " awaiting guardian consent");
      out.append("</strong>");
    }
    out.append("</p>\n<p class=\"note\">");
    if (parent) {
      label(
          "含学生姓名和家长评定码：请妥善保管，剪开后请孩子带回家交给家长。一至三年级学生本人不作答，由家长评定。",
          "Contains names and parent codes: keep it safe, cut along the dashed lines and send each"
              + " slip home to the parent. Children of grades 1–3 do not answer; a parent rates"
              + " them.");
    } else {
      label(
          "含学生姓名和访问码：请妥善保管，剪开后逐一发给学生。打印：A4，缩放 100%，不加页眉页脚。",
          "Contains names and access codes: keep it safe, cut along the dashed lines and hand each"
              + " student their own slip. Print on A4 at 100% without headers and footers.");
    }
    out.append("</p>\n</div>\n<div class=\"toolbar-actions\">\n")
        .append("<button type=\"button\" id=\"print-slips\">");
    label("打印", "Print");
    out.append("</button>\n<a class=\"lang-switch\" href=\"?window=").append(window.id());
    if (bilingual()) {
      out.append("&amp;lang=en\" lang=\"en\">English</a>\n");
    } else {
      out.append("&amp;lang=zh-CN\" lang=\"zh-CN\">中文</a>\n");
    }
    out.append("</div>\n</header>\n");
  }

  private void slip(Slip slip) {
    out.append("<article class=\"slip").append(slip.consent() ? "" : " pending").append("\">\n");
    out.append("<header class=\"slip-head\"><span class=\"school\">");
    text(schoolClass.schoolName());
    out.append("</span><span class=\"class\">");
    text(gradeAndClass());
    out.append("</span></header>\n<div class=\"slip-body\">\n<div class=\"slip-info\">\n")
        .append("<p class=\"name\">");
    text(slip.name());
    out.append("</p>\n<dl class=\"fields\">\n");
    field("学校代码", "School code", "mono", schoolClass.schoolCode());
    field("学号", "Student no.", "mono student-no", slip.studentNo());
    if (parent) {
      field("家长评定码", "Parent code", "access-code parent-code", slip.accessCode());
    } else {
      field("访问码", "Access code", "access-code", slip.accessCode());
    }
    out.append("</dl>\n</div>\n<figure class=\"slip-qr\">").append(slip.qrSvg());
    out.append("<figcaption>");
    label("扫码登录", "Scan to log in");
    out.append(
        "</figcaption></figure>\n</div>\n<footer class=\"slip-foot\">\n<p class=\"window\">");
    text(window.name());
    out.append(" · ");
    label("截止", "closes");
    out.append(' ');
    text(CLOSES.format(window.closesAt().atZone(ZONE)));
    out.append("</p>\n<p class=\"url\">");
    label("登录网址", "Log in at");
    out.append(" <span class=\"mono\">");
    text(loginUrl);
    out.append("</span></p>\n");
    if (parent) {
      out.append("<p class=\"parent-note\">");
      label(
          "致家长：请用此码登录，根据孩子最近的情况作答，约需 5 分钟；孩子本人无需作答。",
          "To the parent: log in with this code and answer about your child's recent behaviour"
              + " (about 5 minutes); your child does not answer.");
      out.append("</p>\n");
    }
    if (!slip.consent()) {
      out.append("<p class=\"consent-note\">");
      label("待家长同意，暂不能作答", "consent pending: cannot start yet");
      out.append("</p>\n");
    }
    out.append("</footer>\n</article>\n");
  }

  /** One {@code <dt>}/{@code <dd>} pair; {@code value} is escaped. */
  private void field(String zh, String en, String valueClass, String value) {
    out.append("<div class=\"field\"><dt>");
    label(zh, en);
    out.append("</dt><dd class=\"").append(valueClass).append("\">");
    text(value);
    out.append("</dd></div>\n");
  }

  /** A fixed label: zh-CN with the English beneath, or English only. Labels are constants. */
  private void label(String zh, String en) {
    if (bilingual()) {
      out.append("<span class=\"zh\">");
      text(zh);
      out.append("</span> <span class=\"en\" lang=\"en\">");
      text(en);
      out.append("</span>");
    } else {
      text(en);
    }
  }

  private void text(String value) {
    Html.appendEscaped(out, value);
  }

  private String gradeAndClass() {
    return bilingual()
        ? schoolClass.grade() + "年级 " + schoolClass.className()
        : "Grade " + schoolClass.grade() + ", " + schoolClass.className();
  }

  private boolean bilingual() {
    return language == Language.BILINGUAL;
  }
}
