package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.huxin.engine.alerts.AlertNotification.Kind;
import org.huxin.scales.CrisisLevel;
import org.junit.jupiter.api.Test;

class ChannelMessagesTest {

  private static long nextId = 1000;

  private static ClaimedNotification n(
      long alertId, Kind kind, long schoolId, String school, CrisisLevel level) {
    return new ClaimedNotification(nextId++, alertId, 7, kind, 1, schoolId, school, level, false);
  }

  @Test
  void compose_oneAlert_schoolCountLevelAndId() {
    assertEquals(
        "第一中学有1条危机预警（一般）待确认，请登录工作台处理。编号：1234",
        ChannelMessages.compose(List.of(n(1234, Kind.DELIVERY, 200, "第一中学", CrisisLevel.GENERAL)))
            .text());
  }

  @Test
  void compose_escalation_firstAndAddressedToTheDistrict() {
    assertEquals(
        "【升级】第二中学有1条危机预警（重大）超过时限未确认，请区县负责人立即登录工作台处理。编号：9\n" + "第一中学有2条危机预警（严重）待确认，请登录工作台处理。编号：3、5",
        ChannelMessages.compose(
                List.of(
                    n(5, Kind.DELIVERY, 200, "第一中学", CrisisLevel.SERIOUS),
                    n(3, Kind.DELIVERY, 200, "第一中学", CrisisLevel.SERIOUS),
                    n(9, Kind.ESCALATION, 300, "第二中学", CrisisLevel.MAJOR)))
            .text());
  }

  @Test
  void compose_mixedLevels_highestFirstWithCounts() {
    assertEquals(
        "第一中学有4条危机预警（重大1条、严重1条、一般2条）待确认，请登录工作台处理。编号：1、2、3、4",
        ChannelMessages.compose(
                List.of(
                    n(1, Kind.DELIVERY, 200, "第一中学", CrisisLevel.GENERAL),
                    n(2, Kind.DELIVERY, 200, "第一中学", CrisisLevel.MAJOR),
                    n(3, Kind.DELIVERY, 200, "第一中学", CrisisLevel.GENERAL),
                    n(4, Kind.DELIVERY, 200, "第一中学", CrisisLevel.SERIOUS)))
            .text());
  }

  @Test
  void compose_manyIds_listsEveryOne() {
    List<ClaimedNotification> many = new ArrayList<>();
    for (long id = 101; id <= 112; id++) {
      many.add(n(id, Kind.DELIVERY, 200, "第一中学", CrisisLevel.SERIOUS));
    }
    ChannelMessages.Message m = ChannelMessages.compose(many);
    assertEquals(
        "第一中学有12条危机预警（严重）待确认，请登录工作台处理。编号：" + "101、102、103、104、105、106、107、108、109、110、111、112",
        m.text());
    assertEquals(12, m.notificationIds().size());
  }

  @Test
  void compose_moreThanFits_staysUnderTheRobotsLimitAndCoversExactlyWhatItNames() {
    List<ClaimedNotification> many = new ArrayList<>();
    for (int school = 0; school < 40; school++) {
      for (int i = 0; i < 5; i++) {
        many.add(
            n(
                100_000 + school * 10 + i,
                Kind.DELIVERY,
                500 + school,
                "某某区第" + (school + 1) + "实验中学",
                CrisisLevel.SERIOUS));
      }
    }
    many.add(n(99, Kind.ESCALATION, 900, "第九中学", CrisisLevel.MAJOR));

    ChannelMessages.Message m = ChannelMessages.compose(many);

    int bytes = m.text().getBytes(StandardCharsets.UTF_8).length;
    assertTrue(bytes <= ChannelMessages.MAX_BYTES, bytes + " bytes");
    assertTrue(m.text().startsWith("【升级】第九中学"), "escalations first");
    assertTrue(m.notificationIds().size() < many.size(), "not everything fits");
    for (ClaimedNotification n : many) {
      boolean named =
          java.util.regex.Pattern.compile("[：、]" + n.alertId() + "(?![0-9])")
              .matcher(m.text())
              .find();
      assertEquals(
          m.notificationIds().contains(n.id()), named, "alert " + n.alertId() + " in " + m.text());
    }
  }

  @Test
  void compose_oneSchoolTooManyForOneMessage_splitsItsIds() {
    List<ClaimedNotification> many = new ArrayList<>();
    for (long id = 1_000_000; id < 1_000_400; id++) {
      many.add(n(id, Kind.DELIVERY, 200, "第一中学", CrisisLevel.GENERAL));
    }

    ChannelMessages.Message m = ChannelMessages.compose(many);

    int covered = m.notificationIds().size();
    assertTrue(covered > 50 && covered < 400, covered + " covered");
    assertTrue(m.text().startsWith("第一中学有" + covered + "条危机预警（一般）"), m.text());
    assertTrue(m.text().getBytes(StandardCharsets.UTF_8).length <= ChannelMessages.MAX_BYTES);
  }

  @Test
  void compose_nothing_refused() {
    assertThrows(IllegalArgumentException.class, () -> ChannelMessages.compose(List.of()));
  }
}
