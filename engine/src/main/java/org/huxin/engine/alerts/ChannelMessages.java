package org.huxin.engine.alerts;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.huxin.engine.store.AlertNotification.Kind;
import org.huxin.engine.store.ClaimedNotification;
import org.huxin.scales.CrisisLevel;

/**
 * The text of a phone message: per school, how many alerts at which crisis levels wait, and their
 * ids so staff can find them in the console. Nothing else about a student ever goes out: no name,
 * student number, answer, score, tier or rule. Escalations come first:
 *
 * <pre>
 * 【升级】XX学校有1条危机预警（重大）超过时限未确认，请区县负责人立即登录工作台处理。编号：1234
 * XX学校有3条危机预警（重大1条、严重2条）待确认，请登录工作台处理。编号：1235、1236、1237
 * </pre>
 *
 * A message stays under {@value #MAX_BYTES} bytes of UTF-8 (a WeCom text may have 2048): a school
 * lists at most {@value #MAX_IDS} ids, and schools that do not fit are summed up in a last line.
 */
final class ChannelMessages {

  /** The most UTF-8 bytes of a message. */
  static final int MAX_BYTES = 1800;

  /** Bytes kept free for the last line that sums up the schools that did not fit. */
  private static final int SUMMARY_BYTES = 200;

  /** The most alert ids one school's line lists. */
  static final int MAX_IDS = 10;

  /** What a channel test sends. */
  static final String TEST = "【测试】护心危机预警通知：这是一条测试消息，收到即表示本通道可以正常接收预警。";

  private static final String LOCALE = "zh-CN";

  private ChannelMessages() {}

  /** The message for one channel's claimed notifications (none acknowledged), never empty. */
  static String compose(List<ClaimedNotification> notifications) {
    if (notifications.isEmpty()) {
      throw new IllegalArgumentException("a message needs at least one notification");
    }
    List<String> lines = new ArrayList<>();
    int bytes = 0;
    int leftSchools = 0;
    int leftAlerts = 0;
    for (Kind kind : List.of(Kind.ESCALATION, Kind.DELIVERY)) {
      for (School school : bySchool(notifications, kind)) {
        String line = school.line(kind);
        int size = line.getBytes(StandardCharsets.UTF_8).length + 1;
        if (bytes + size <= MAX_BYTES - SUMMARY_BYTES) {
          lines.add(line);
          bytes += size;
        } else {
          leftSchools++;
          leftAlerts += school.alertIds.size();
        }
      }
    }
    if (leftSchools > 0) {
      lines.add("另有" + leftSchools + "所学校的" + leftAlerts + "条危机预警，请登录工作台查看。");
    }
    return String.join("\n", lines);
  }

  /** One school's alerts of one kind. */
  private static final class School {
    final String name;
    final TreeSet<Long> alertIds = new TreeSet<>();
    final Map<CrisisLevel, TreeSet<Long>> byLevel = new EnumMap<>(CrisisLevel.class);

    School(String name) {
      this.name = name;
    }

    void add(ClaimedNotification n) {
      alertIds.add(n.alertId());
      byLevel.computeIfAbsent(n.crisisLevel(), l -> new TreeSet<>()).add(n.alertId());
    }

    String line(Kind kind) {
      String head = name + "有" + alertIds.size() + "条危机预警（" + levels() + "）";
      String ids = "编号：" + ids();
      return kind == Kind.ESCALATION
          ? "【升级】" + head + "超过时限未确认，请区县负责人立即登录工作台处理。" + ids
          : head + "待确认，请登录工作台处理。" + ids;
    }

    private String levels() {
      if (byLevel.size() == 1) {
        return byLevel.keySet().iterator().next().label(LOCALE);
      }
      List<String> parts = new ArrayList<>();
      byLevel.entrySet().stream()
          .sorted(Map.Entry.comparingByKey(Comparator.reverseOrder()))
          .forEach(e -> parts.add(e.getKey().label(LOCALE) + e.getValue().size() + "条"));
      return String.join("、", parts);
    }

    private String ids() {
      List<String> shown = new ArrayList<>();
      for (Long id : alertIds) {
        if (shown.size() == MAX_IDS) {
          return String.join("、", shown) + "等";
        }
        shown.add(Long.toString(id));
      }
      return String.join("、", shown);
    }
  }

  private static List<School> bySchool(List<ClaimedNotification> notifications, Kind kind) {
    Map<Long, School> schools = new TreeMap<>();
    for (ClaimedNotification n : notifications) {
      if (n.kind() == kind) {
        schools.computeIfAbsent(n.schoolId(), id -> new School(n.schoolName())).add(n);
      }
    }
    return new ArrayList<>(schools.values());
  }
}
