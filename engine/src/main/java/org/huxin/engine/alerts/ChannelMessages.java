package org.huxin.engine.alerts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.huxin.engine.alerts.AlertNotification.Kind;
import org.huxin.scales.CrisisLevel;

/**
 * The text of a phone message: per school, how many alerts at which crisis levels wait, and every
 * one of their ids so staff can find them in the console. Nothing else about a student ever goes
 * out: no name, student number, answer, score, tier or rule. Escalations come first:
 *
 * <pre>
 * 【升级】XX学校有1条危机预警（重大）超过时限未确认，请区县负责人立即登录工作台处理。编号：1234
 * XX学校有3条危机预警（重大1条、严重2条）待确认，请登录工作台处理。编号：1235、1236、1237
 * </pre>
 *
 * A message stays within {@value #MAX_BYTES} bytes of UTF-8 (a WeCom text may have 2048). What does
 * not fit is left out whole, never summed up without its ids: {@link Message#notificationIds} says
 * which notifications the text covers, and the notifier sends the rest in its next pass.
 */
final class ChannelMessages {

  /** The most UTF-8 bytes of a message. */
  static final int MAX_BYTES = 1800;

  /** What a channel test sends. */
  static final String TEST = "【测试】护心危机预警通知：这是一条测试消息，收到即表示本通道可以正常接收预警。";

  private static final String LOCALE = "zh-CN";

  /** A message and the notifications it covers; never empty. */
  record Message(String text, Set<Long> notificationIds) {}

  private ChannelMessages() {}

  /**
   * The message for one channel's claimed notifications (none acknowledged): escalations before
   * deliveries, schools by id, alerts by id, as many as fit; always at least the first alert.
   */
  static Message compose(List<ClaimedNotification> notifications) {
    if (notifications.isEmpty()) {
      throw new IllegalArgumentException("a message needs at least one notification");
    }
    List<String> lines = new ArrayList<>();
    Set<Long> covered = new LinkedHashSet<>();
    int bytes = 0;
    for (Kind kind : List.of(Kind.ESCALATION, Kind.DELIVERY)) {
      for (List<ClaimedNotification> school : bySchool(notifications, kind)) {
        int fit = school.size();
        String line = line(kind, school);
        while (fit > 1 && bytes + size(line) > MAX_BYTES) {
          fit--;
          line = line(kind, school.subList(0, fit));
        }
        if (bytes + size(line) > MAX_BYTES && !lines.isEmpty()) {
          return new Message(String.join("\n", lines), covered);
        }
        lines.add(line);
        bytes += size(line);
        school.subList(0, fit).forEach(n -> covered.add(n.id()));
        if (fit < school.size()) {
          return new Message(String.join("\n", lines), covered);
        }
      }
    }
    return new Message(String.join("\n", lines), covered);
  }

  /** One school's line for {@code alerts} (one school, one kind, ordered by alert id). */
  private static String line(Kind kind, List<ClaimedNotification> alerts) {
    Map<CrisisLevel, Integer> byLevel = new EnumMap<>(CrisisLevel.class);
    List<String> ids = new ArrayList<>(alerts.size());
    for (ClaimedNotification n : alerts) {
      byLevel.merge(n.crisisLevel(), 1, Integer::sum);
      ids.add(Long.toString(n.alertId()));
    }
    String levels;
    if (byLevel.size() == 1) {
      levels = byLevel.keySet().iterator().next().label(LOCALE);
    } else {
      List<String> parts = new ArrayList<>();
      byLevel.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
          .forEach(e -> parts.add(e.getKey().label(LOCALE) + e.getValue() + "条"));
      levels = String.join("、", parts);
    }
    String head = alerts.get(0).schoolName() + "有" + alerts.size() + "条危机预警（" + levels + "）";
    String tail = "编号：" + String.join("、", ids);
    return kind == Kind.ESCALATION
        ? "【升级】" + head + "超过时限未确认，请区县负责人立即登录工作台处理。" + tail
        : head + "待确认，请登录工作台处理。" + tail;
  }

  /** UTF-8 bytes of a line and the newline before the next. */
  private static int size(String line) {
    return line.getBytes(StandardCharsets.UTF_8).length + 1;
  }

  /** The notifications of {@code kind}, one list per school by school id, each by alert id. */
  private static List<List<ClaimedNotification>> bySchool(
      List<ClaimedNotification> notifications, Kind kind) {
    Map<Long, List<ClaimedNotification>> schools = new TreeMap<>();
    for (ClaimedNotification n : notifications) {
      if (n.kind() == kind) {
        schools.computeIfAbsent(n.schoolId(), id -> new ArrayList<>()).add(n);
      }
    }
    List<List<ClaimedNotification>> out = new ArrayList<>();
    for (List<ClaimedNotification> school : schools.values()) {
      school.sort(Comparator.comparingLong(ClaimedNotification::alertId));
      out.add(school);
    }
    return out;
  }
}
