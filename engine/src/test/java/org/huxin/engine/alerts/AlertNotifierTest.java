package org.huxin.engine.alerts;

import static org.huxin.testsupport.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.huxin.engine.alerts.AlertNotification.Kind;
import org.huxin.engine.alerts.AlertNotification.Status;
import org.huxin.engine.results.ResultWriter;
import org.huxin.engine.results.WriterConfig;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.engine.windows.NewWindow;
import org.huxin.engine.windows.WindowStore;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.SinkReceiver;
import org.huxin.testsupport.SinkReceiver.Answer;
import org.huxin.testsupport.TestDatabase;
import org.huxin.testsupport.TestOrgUnits.District;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Phone messages end to end against a stand-in robot on 127.0.0.1: routing in the relay's and
 * escalator's transaction, one message per channel, retries with backoff, the lease that survives a
 * notifier dying mid-send, and what a message may say.
 */
@DatabaseTest
class AlertNotifierTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static SinkFixture f;

  @BeforeAll
  static void createDatabase() {
    f = new SinkFixture(AlertNotifierTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    f.close();
  }

  @AfterEach
  void forgetChannels() {
    f.clearChannels();
    f.clock.set(SinkFixture.START);
  }

  // ---- routing ----------------------------------------------------------------------------------

  @Test
  void relay_schoolWithChannel_deliveryToTheSchoolsChannelOnly() throws Exception {
    District d = f.district(2);
    AlertChannel school = f.wecom(d, d.school(0), "/route-school");
    AlertChannel district = f.wecom(d, null, "/route-district");
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);

    f.relayAll();

    List<AlertNotification> owed = f.of(alert);
    assertEquals(1, owed.size(), owed.toString());
    assertEquals(school.id(), owed.get(0).channelId());
    assertEquals(Kind.DELIVERY, owed.get(0).kind());
    assertEquals(Status.PENDING, owed.get(0).status());
    assertTrue(f.notifications.forChannel(district.id()).isEmpty());
  }

  @Test
  void relay_schoolWithoutChannel_deliveryToTheDistrictsChannel() throws Exception {
    District d = f.district(2);
    f.wecom(d, d.school(0), "/fallback-school");
    AlertChannel district = f.wecom(d, null, "/fallback-district");
    long alert = f.alert(d.school(1), CrisisLevel.GENERAL);

    f.relayAll();

    List<AlertNotification> owed = f.of(alert);
    assertEquals(1, owed.size(), owed.toString());
    assertEquals(district.id(), owed.get(0).channelId());
  }

  @Test
  void relay_schoolChannelDisabled_deliveryToTheDistrictsChannel() throws Exception {
    District d = f.district(1);
    AlertChannel school = f.wecom(d, d.school(0), "/disabled-school");
    AlertChannel district = f.wecom(d, null, "/disabled-district");
    f.update(school.id(), AlertChannelChange.enabled(false));
    long alert = f.alert(d.school(0), CrisisLevel.MAJOR);

    f.relayAll();

    assertEquals(List.of(district.id()), f.of(alert).stream().map(n -> n.channelId()).toList());
  }

  @Test
  void markRelayed_outsideARelayPass_owesTheSameMessages() {
    District d = f.district(1);
    AlertChannel school = f.wecom(d, d.school(0), "/marked");
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);

    assertEquals(1, f.outbox.markRelayed(List.of(alert), "test-node"));
    assertEquals(0, f.outbox.markRelayed(List.of(alert), "test-node"));

    assertEquals(List.of(school.id()), f.of(alert).stream().map(n -> n.channelId()).toList());
  }

  @Test
  void relay_noChannelInSchoolOrDistrict_nothingOwedAndCountedUnrouted() throws Exception {
    District d = f.district(1);
    long before = f.notifications.countUnrouted();
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);

    assertEquals(1, f.relayAll());

    assertTrue(f.of(alert).isEmpty());
    assertEquals(before + 1, f.notifications.countUnrouted());
    assertNotNull(f.outbox.find(alert).orElseThrow().relayedAt(), "the consoles still get it");
  }

  @Test
  void escalate_overdue_escalationToTheDistrictsOwnChannelOnly() throws Exception {
    District d = f.district(1);
    AlertChannel school = f.wecom(d, d.school(0), "/esc-school");
    AlertChannel district = f.wecom(d, null, "/esc-district");
    long alert = f.alert(d.school(0), CrisisLevel.MAJOR);
    f.relayAll();

    f.escalateDue(f.clock.instant().plus(Duration.ofMinutes(31)));

    List<AlertNotification> owed = f.of(alert);
    assertEquals(2, owed.size(), owed.toString());
    AlertNotification escalation =
        owed.stream().filter(n -> n.kind() == Kind.ESCALATION).findFirst().orElseThrow();
    assertEquals(district.id(), escalation.channelId());
    assertEquals(
        school.id(),
        owed.stream().filter(n -> n.kind() == Kind.DELIVERY).findFirst().orElseThrow().channelId());

    f.notifier().notifyOnce();

    String content = content(f.receiver.received("/esc-district").get(0));
    assertEquals(
        "【升级】" + d.school(0).name() + "有1条危机预警（重大）超过时限未确认，请区县负责人立即登录工作台处理。编号：" + alert, content);
  }

  @Test
  void notify_crisisResultOfARealStudent_messageHoldsNoNumberNameOrAnswer() throws Exception {
    List<RosterEntry> roster = TestRows.loadDemoCity(f.dataSource);
    RosterEntry student = roster.get(roster.size() / 2);
    Instant opens = Instant.parse("2025-09-01T00:00:00Z");
    long windowId =
        new WindowStore(f.dataSource)
            .create(
                NewWindow.cityWide(
                    "隐私", 1, 12, Map.of("1-12", "all"), opens, opens.plusSeconds(86_400)))
            .id();
    f.create(
        new NewAlertChannel(
            student.districtId(),
            student.schoolId(),
            AlertChannel.Kind.WECOM,
            "心理老师群",
            f.receiver.url("/privacy?key=k"),
            null,
            List.of(),
            true));
    try (ResultWriter writer = new ResultWriter(f.db.pool(), new WriterConfig(10, 100))) {
      writer
          .submit(TestRows.row(windowId, student, "self", 3, true, UUID.randomUUID()))
          .get(30, TimeUnit.SECONDS);
    }
    f.relayAll();

    f.notifier().notifyOnce();

    String body = f.receiver.received("/privacy").get(0).body();
    String content = content(f.receiver.received("/privacy").get(0));
    String name =
        TestRows.cipher()
            .decrypt(
                f.single("SELECT name_enc FROM student WHERE id = ?", student.id(), byte[].class));
    String school =
        f.single("SELECT name FROM school WHERE id = ?", student.schoolId(), String.class);
    long alert =
        f.single(
            "SELECT id FROM alert_outbox WHERE student_id = ? AND window_id = ?",
            student.id(),
            Long.class,
            windowId);
    assertFalse(body.contains(student.studentNo()), "the student number went out: " + body);
    assertFalse(body.contains(name), "the student's name went out");
    assertTrue(
        content.matches(
            java.util.regex.Pattern.quote(school) + "有1条危机预警（(一般|严重|重大)）待确认，请登录工作台处理。编号：" + alert),
        "school, count, level and alert id only: " + content);
  }

  // ---- the three sinks ------------------------------------------------------------------------

  @Test
  void notify_wecom_postsOneTextMessageAndMarksSent() throws Exception {
    District d = f.district(1);
    AlertChannel channel = f.wecom(d, d.school(0), "/wecom-ok");
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();

    f.notifier().notifyOnce();

    List<SinkReceiver.Received> got = f.receiver.received("/wecom-ok");
    assertEquals(1, got.size());
    SinkReceiver.Received request = got.get(0);
    assertEquals("POST", request.method());
    assertEquals("key=robot-key-0001", request.uri().getQuery());
    assertTrue(request.header("Content-Type").startsWith("application/json"));
    JsonNode body = JSON.readTree(request.body());
    assertEquals("text", body.get("msgtype").asText());
    assertEquals(2, body.size(), "msgtype and text only: " + body);
    assertEquals(
        d.school(0).name() + "有1条危机预警（严重）待确认，请登录工作台处理。编号：" + alert,
        body.get("text").get("content").asText());
    AlertNotification n = f.of(alert).get(0);
    assertEquals(Status.SENT, n.status());
    assertEquals(1, n.attempts());
    assertEquals(f.clock.instant(), n.sentAt());
    assertNull(n.leaseUntil());
    assertEquals(f.clock.instant(), f.channel(channel.id()).lastOkAt());
    assertFalse(f.channel(channel.id()).failing());
  }

  @Test
  void notify_dingtalk_signsTheUrlWithTheSecret() throws Exception {
    District d = f.district(1);
    String secret = "SECtest0123456789abcdef";
    AlertChannel channel =
        f.create(
            new NewAlertChannel(
                d.id(),
                null,
                AlertChannel.Kind.DINGTALK,
                "区值班钉钉群",
                f.receiver.url("/ding?access_token=ding-token-1"),
                secret,
                List.of(),
                true));
    long alert = f.alert(d.school(0), CrisisLevel.GENERAL);
    f.relayAll();

    f.notifier().notifyOnce();

    SinkReceiver.Received request = f.receiver.received("/ding").get(0);
    String query = request.uri().getRawQuery();
    assertTrue(query.startsWith("access_token=ding-token-1&timestamp="), query);
    String timestamp = param(query, "timestamp");
    assertEquals(Long.toString(f.clock.millis()), timestamp);
    String expected =
        java.net.URLEncoder.encode(
            java.util.Base64.getEncoder()
                .encodeToString(hmacSha256(secret, timestamp + "\n" + secret)),
            java.nio.charset.StandardCharsets.UTF_8);
    assertEquals(expected, param(query, "sign"), "the robot's own check of 加签");
    assertFalse(query.contains(secret.substring(3)), "the secret itself never goes out");
    JsonNode body = JSON.readTree(request.body());
    assertEquals("text", body.get("msgtype").asText());
    assertTrue(body.get("text").get("content").asText().endsWith("编号：" + alert));
    assertEquals(Status.SENT, f.of(alert).get(0).status());
    assertFalse(f.channel(channel.id()).failing());
  }

  @Test
  void notify_sms_postsRecipientsAndMessageWithTheBearerToken() throws Exception {
    District d = f.district(1);
    f.create(
        new NewAlertChannel(
            d.id(),
            d.school(0).id(),
            AlertChannel.Kind.SMS,
            "心理老师短信",
            f.receiver.url("/sms/send"),
            "sms-gateway-token-9",
            List.of("13800000001", "+8613900000002"),
            true));
    f.receiver.script("/sms/send", new Answer(202, ""));
    long alert = f.alert(d.school(0), CrisisLevel.MAJOR);
    f.relayAll();

    f.notifier().notifyOnce();

    SinkReceiver.Received request = f.receiver.received("/sms/send").get(0);
    assertEquals("Bearer sms-gateway-token-9", request.header("Authorization"));
    JsonNode body = JSON.readTree(request.body());
    assertEquals(2, body.size(), body.toString());
    assertEquals("13800000001", body.get("to").get(0).asText());
    assertEquals("+8613900000002", body.get("to").get(1).asText());
    assertEquals(
        d.school(0).name() + "有1条危机预警（重大）待确认，请登录工作台处理。编号：" + alert, body.get("message").asText());
    assertEquals(Status.SENT, f.of(alert).get(0).status(), "any 2xx is success");
  }

  @Test
  void notify_robotAnswersErrcode_failingWithTheRobotsError() throws Exception {
    District d = f.district(1);
    AlertChannel channel = f.wecom(d, null, "/errcode");
    f.receiver.script(
        "/errcode", new Answer(200, "{\"errcode\":93000,\"errmsg\":\"invalid webhook url\"}"));
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();

    f.notifier().notifyOnce();

    AlertNotification n = f.of(alert).get(0);
    assertEquals(Status.FAILING, n.status());
    assertEquals("errcode 93000: invalid webhook url", n.lastError());
    AlertChannel after = f.channel(channel.id());
    assertEquals("errcode 93000: invalid webhook url", after.lastError());
    assertEquals(f.clock.instant(), after.failingSince());
  }

  // ---- retries ----------------------------------------------------------------------------------

  @Test
  void notify_serverErrorThenSuccess_retriedAfterBackoffAndSentOnce() throws Exception {
    District d = f.district(1);
    AlertChannel channel = f.wecom(d, d.school(0), "/retry");
    f.receiver.script("/retry", new Answer(500, "oops"));
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();
    AlertNotifier notifier = f.notifier();

    notifier.notifyOnce();

    AlertNotification failed = f.of(alert).get(0);
    assertEquals(Status.FAILING, failed.status());
    assertEquals("HTTP 500", failed.lastError());
    assertEquals(f.clock.instant().plusSeconds(30), failed.nextAttemptAt());
    assertTrue(f.channel(channel.id()).failing());
    assertEquals(1, f.channel(channel.id()).failingNotifications());

    notifier.notifyOnce();
    assertEquals(1, f.receiver.count("/retry"), "not again before the backoff");

    f.clock.advance(Duration.ofSeconds(30));
    notifier.notifyOnce();

    assertEquals(2, f.receiver.count("/retry"));
    AlertNotification sent = f.of(alert).get(0);
    assertEquals(Status.SENT, sent.status());
    assertEquals(2, sent.attempts());
    assertNull(sent.lastError());
    AlertChannel healed = f.channel(channel.id());
    assertFalse(healed.failing());
    assertEquals("HTTP 500", healed.lastError(), "the last error stays for the record");
    assertEquals(0, healed.failingNotifications());
    notifier.notifyOnce();
    assertEquals(2, f.receiver.count("/retry"), "a sent notification is never sent again");
    assertEquals(1, notifier.count("delivery", AlertNotifier.Outcome.SENT));
    assertEquals(1, notifier.count("delivery", AlertNotifier.Outcome.FAILED));
  }

  @Test
  void notify_channelKeepsFailing_backoffDoublesToTenMinutesAndNeverGivesUp() throws Exception {
    District d = f.district(1);
    AlertChannel channel = f.wecom(d, null, "/down");
    f.receiver.always("/down", new Answer(503, ""));
    long alert = f.alert(d.school(0), CrisisLevel.MAJOR);
    f.relayAll();
    AlertNotifier notifier = f.notifier();
    Instant firstFailure = f.clock.instant();
    long[] expectedWaits = {30, 60, 120, 240, 480, 600, 600, 600};

    for (int i = 0; i < expectedWaits.length; i++) {
      notifier.notifyOnce();
      AlertNotification n = f.of(alert).get(0);
      assertEquals(Status.FAILING, n.status());
      assertEquals(i + 1, n.attempts());
      assertEquals(
          f.clock.instant().plusSeconds(expectedWaits[i]),
          n.nextAttemptAt(),
          "wait after failure " + (i + 1));
      f.clock.set(n.nextAttemptAt());
    }

    AlertChannel failing = f.channel(channel.id());
    assertTrue(failing.failing());
    assertEquals(firstFailure, failing.failingSince());
    assertEquals("HTTP 503", failing.lastError());
    assertEquals(1, failing.failingNotifications());
    assertTrue(f.notifications.countFailing() >= 1);
    assertEquals(expectedWaits.length, f.receiver.count("/down"));

    f.receiver.always("/down", null);
    notifier.notifyOnce();
    assertEquals(Status.SENT, f.of(alert).get(0).status(), "still tried, and sent once it works");
    assertFalse(f.channel(channel.id()).failing());
  }

  @Test
  void notify_newAlertForAFailingChannel_triesAtOnceWithEverythingOwed() throws Exception {
    District d = f.district(1);
    f.wecom(d, null, "/backlog");
    f.receiver.script("/backlog", new Answer(500, ""));
    long first = f.alert(d.school(0), CrisisLevel.GENERAL);
    f.relayAll();
    AlertNotifier notifier = f.notifier();
    notifier.notifyOnce();
    assertEquals(Status.FAILING, f.of(first).get(0).status());

    long second = f.alert(d.school(0), CrisisLevel.MAJOR);
    f.relayAll();
    notifier.notifyOnce();

    assertEquals(2, f.receiver.count("/backlog"));
    String content = content(f.receiver.received("/backlog").get(1));
    assertEquals(
        d.school(0).name() + "有2条危机预警（重大1条、一般1条）待确认，请登录工作台处理。编号：" + first + "、" + second, content);
    assertEquals(Status.SENT, f.of(first).get(0).status());
    assertEquals(Status.SENT, f.of(second).get(0).status());
  }

  @Test
  void notify_manyAlertsInTwoSchools_oneMessageForTheDistrictsChannel() throws Exception {
    District d = f.district(2);
    f.wecom(d, null, "/aggregate");
    long a = f.alert(d.school(0), CrisisLevel.SERIOUS);
    long b = f.alert(d.school(1), CrisisLevel.SERIOUS);
    long c = f.alert(d.school(1), CrisisLevel.GENERAL);
    f.relayAll();

    f.notifier().notifyOnce();

    assertEquals(1, f.receiver.count("/aggregate"));
    assertEquals(
        d.school(0).name()
            + "有1条危机预警（严重）待确认，请登录工作台处理。编号："
            + a
            + "\n"
            + d.school(1).name()
            + "有2条危机预警（严重1条、一般1条）待确认，请登录工作台处理。编号："
            + b
            + "、"
            + c,
        content(f.receiver.received("/aggregate").get(0)));
  }

  @Test
  void notify_moreThanOneMessageHolds_restGoesInTheNextPassEveryIdNamedOnce() throws Exception {
    District d = f.district(30);
    f.wecom(d, null, "/burst");
    List<Long> alerts = new java.util.ArrayList<>();
    for (int i = 0; i < 150; i++) {
      alerts.add(f.alert(d.school(i % 30), CrisisLevel.SERIOUS));
    }
    f.relayAll();
    AlertNotifier notifier = f.notifier();

    for (int pass = 0; pass < 10 && f.receiver.count("/burst") < 10; pass++) {
      notifier.notifyOnce();
    }

    List<SinkReceiver.Received> messages = f.receiver.received("/burst");
    assertTrue(messages.size() >= 2, messages.size() + " messages");
    java.util.Map<Long, Integer> named = new java.util.HashMap<>();
    for (SinkReceiver.Received m : messages) {
      String content = content(m);
      assertTrue(content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 2048, content);
      java.util.regex.Matcher ids =
          java.util.regex.Pattern.compile("编号：([0-9、]+)").matcher(content);
      while (ids.find()) {
        for (String id : ids.group(1).split("、")) {
          named.merge(Long.parseLong(id), 1, Integer::sum);
        }
      }
    }
    for (long alert : alerts) {
      assertEquals(1, named.getOrDefault(alert, 0), "alert " + alert + " named once");
      AlertNotification n = f.of(alert).get(0);
      assertEquals(Status.SENT, n.status());
      assertEquals(1, n.attempts(), "a row left for the next pass is not counted as tried");
    }
  }

  @Test
  void notify_alertAcknowledgedBeforeTheMessage_skippedNotSent() throws Exception {
    District d = f.district(1);
    f.wecom(d, null, "/acked");
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();
    f.acknowledge(alert);

    AlertNotifier notifier = f.notifier();
    notifier.notifyOnce();

    assertEquals(0, f.receiver.count("/acked"));
    assertEquals(Status.SKIPPED, f.of(alert).get(0).status());
    assertEquals(1, notifier.count("delivery", AlertNotifier.Outcome.SKIPPED));
  }

  // ---- leases -----------------------------------------------------------------------------------

  /** An alert whose phone message a node was sending, held at the receiver, when it died. */
  private record Midsend(long alert, SinkReceiver.Hold held) {}

  /**
   * Relays a {@code level} alert to a WeCom channel at {@code path}, starts node {@code node}'s
   * notifier and stops it while the receiver holds its message: the lease stays on the row.
   */
  private Midsend diesMidSend(String node, String path, CrisisLevel level) throws Exception {
    District d = f.district(1);
    f.wecom(d, d.school(0), path);
    SinkReceiver.Hold held = f.receiver.hold(path);
    long alert = f.alert(d.school(0), level);
    f.relayAll();
    AlertNotifier dying = f.started(node, SinkFixture.CONFIG);
    try {
      assertTrue(held.arrived().await(30, TimeUnit.SECONDS), node + " is sending");
    } finally {
      dying.close();
    }
    return new Midsend(alert, held);
  }

  @Test
  void notify_notifierDiesMidSend_anotherSendsAfterTheLease() throws Exception {
    Midsend m = diesMidSend("node-first", "/held", CrisisLevel.MAJOR);
    long alert = m.alert();
    SinkReceiver.Hold held = m.held();
    AlertNotification leased = f.of(alert).get(0);
    assertEquals(Status.PENDING, leased.status(), "not marked: the notifier died mid-send");
    assertEquals(f.clock.instant().plusSeconds(60), leased.leaseUntil());

    AlertNotifier second = f.notifier();
    second.notifyOnce();
    assertEquals(1, f.receiver.count("/held"), "the lease still holds");

    f.clock.advance(Duration.ofSeconds(61));
    second.notifyOnce();

    assertEquals(2, f.receiver.count("/held"), "at least once: sent again by the second");
    AlertNotification sent = f.of(alert).get(0);
    assertEquals(Status.SENT, sent.status());
    assertEquals(2, sent.attempts());
    held.release().countDown();
  }

  @Test
  void notify_nodeLeftMidSend_itsLeasesGoBackAtOnce() throws Exception {
    Midsend m = diesMidSend("node-gone", "/left", CrisisLevel.MAJOR);
    long alert = m.alert();
    SinkReceiver.Hold held = m.held();

    AlertNotifier survivor = f.notifier("node-survivor");
    survivor.nodeLeft("node-other");
    survivor.notifyOnce();
    assertEquals(1, f.receiver.count("/left"), "another node's leaving gives nothing back");
    assertEquals(Status.PENDING, f.of(alert).get(0).status());

    survivor.nodeLeft("node-gone");
    survivor.notifyOnce();
    assertEquals(2, f.receiver.count("/left"), "sent again at once, the lease not lapsed");
    assertEquals(Status.SENT, f.of(alert).get(0).status());
    held.release().countDown();
  }

  @Test
  void notify_restartedNode_givesBackWhatItsFormerRunHeld() throws Exception {
    Midsend m = diesMidSend("node-restarted", "/restarted", CrisisLevel.SERIOUS);
    long alert = m.alert();
    SinkReceiver.Hold held = m.held();

    f.notifier("node-restarted").notifyOnce();

    assertEquals(2, f.receiver.count("/restarted"), "its first pass sends what it held");
    assertEquals(Status.SENT, f.of(alert).get(0).status());
    held.release().countDown();
  }

  @Test
  void twoNotifiers_leasesKeepThemApart_eachChannelMessagedOnce() throws Exception {
    List<String> paths = new java.util.ArrayList<>();
    List<Long> alerts = new java.util.ArrayList<>();
    for (int i = 0; i < 12; i++) {
      District d = f.district(1);
      String path = "/pair-" + i;
      f.wecom(d, null, path);
      paths.add(path);
      alerts.add(f.alert(d.school(0), CrisisLevel.SERIOUS));
    }
    f.relayAll();

    try (AlertNotifier a = f.started("node-a", SinkFixture.CONFIG);
        AlertNotifier b = f.started("node-b", SinkFixture.CONFIG)) {
      await(
          "every notification sent",
          () -> alerts.stream().allMatch(id -> f.of(id).get(0).status() == Status.SENT));
      await("both notifiers idle", () -> a.stats().passes() > 2 && b.stats().passes() > 2);
    }
    for (String path : paths) {
      assertEquals(1, f.receiver.count(path), path);
    }
  }

  @Test
  void relayNudge_messageGoesOutWithoutWaitingForAPoll() throws Exception {
    District d = f.district(1);
    f.wecom(d, d.school(0), "/nudged");
    NotifierConfig hourly =
        new NotifierConfig(
            Duration.ofHours(1),
            100,
            Duration.ofSeconds(60),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            Duration.ofSeconds(30),
            Duration.ofMinutes(10),
            true);
    try (AlertNotifier notifier = f.started("node-hourly", hourly);
        AlertRelay relay = hourlyRelay(notifier::nudge)) {
      await("the notifier's first pass", () -> notifier.stats().passes() >= 1);
      await("the relay's first pass", () -> relay.stats().passes() >= 1);
      long alert = f.alert(d.school(0), CrisisLevel.MAJOR);
      long start = System.nanoTime();

      relay.nudge();

      await("the message", () -> f.receiver.count("/nudged") == 1);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(millis < 1000, "the message left " + millis + " ms after the relay was nudged");
      await("marked sent", () -> f.of(alert).get(0).status() == Status.SENT);
    }
  }

  @Test
  void relayPass_owingNoMessage_doesNotNudgeTheNotifier() throws Exception {
    District d = f.district(2);
    f.wecom(d, d.school(0), "/owed");
    AtomicInteger nudges = new AtomicInteger();
    try (AlertRelay relay = hourlyRelay(nudges::incrementAndGet)) {
      await("the relay's first pass", () -> relay.stats().passes() >= 1);
      long unrouted = f.alert(d.school(1), CrisisLevel.MAJOR);
      relay.nudge();
      await("relayed", () -> f.outbox.find(unrouted).orElseThrow().relayedAt() != null);
      assertEquals(0, nudges.get(), "school 1 and its district have no channel: nothing to send");

      long routed = f.alert(d.school(0), CrisisLevel.MAJOR);
      relay.nudge();
      await("relayed", () -> f.outbox.find(routed).orElseThrow().relayedAt() != null);
      await("the notifier nudged", () -> nudges.get() == 1);
    }
  }

  /**
   * A relay whose sink confirms everything, polling once an hour (only a nudge makes it claim),
   * running {@code afterMark} after each pass that owed phone messages.
   */
  private static AlertRelay hourlyRelay(Runnable afterMark) {
    return AlertRelay.start(
        TestDatabase.vertx(),
        f.db.pool(),
        Listening.subscriber(f.db),
        f.outbox,
        event -> CompletableFuture.completedFuture(null),
        new PollConfig(Duration.ofHours(1), 100, Duration.ofSeconds(5), Duration.ofSeconds(1)),
        "test-node",
        afterMark);
  }

  // ---- channel changes --------------------------------------------------------------------------

  @Test
  void disable_unsentMessagesGoToTheChannelStandingIn() throws Exception {
    District d = f.district(1);
    AlertChannel school = f.wecom(d, d.school(0), "/dead-school");
    AlertChannel district = f.wecom(d, null, "/standing-in");
    f.receiver.always("/dead-school", new Answer(500, ""));
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();
    AlertNotifier notifier = f.notifier();
    notifier.notifyOnce();
    assertEquals(Status.FAILING, f.of(alert).get(0).status());

    f.update(school.id(), AlertChannelChange.enabled(false));

    List<AlertNotification> owed = f.of(alert);
    assertEquals(List.of(district.id()), owed.stream().map(n -> n.channelId()).toList());
    notifier.notifyOnce();
    assertEquals(1, f.receiver.count("/standing-in"));
    assertEquals(Status.SENT, f.of(alert).get(0).status());
  }

  @Test
  void delete_unsentMessagesGoToTheChannelStandingIn() throws Exception {
    District d = f.district(1);
    AlertChannel school = f.wecom(d, d.school(0), "/deleted-school");
    AlertChannel district = f.wecom(d, null, "/deleted-standing-in");
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();

    assertTrue(f.delete(school.id()));

    assertTrue(f.channels.find(f.pool(), school.id()).await().isEmpty());
    assertEquals(List.of(district.id()), f.of(alert).stream().map(n -> n.channelId()).toList());
    assertFalse(f.delete(school.id()));
  }

  @Test
  void test_goodSend_recordsOkAndRetriesFailingNotificationsAtOnce() throws Exception {
    District d = f.district(1);
    AlertChannel channel = f.wecom(d, null, "/tested");
    f.receiver.script("/tested", new Answer(500, ""));
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();
    AlertNotifier notifier = f.notifier();
    notifier.notifyOnce();
    assertEquals(Status.FAILING, f.of(alert).get(0).status());

    AlertNotifier.TestResult result = channelTest(notifier, channel.id());

    assertTrue(result.ok(), result.toString());
    assertTrue(content(f.receiver.received("/tested").get(1)).startsWith("【测试】"));
    assertFalse(f.channel(channel.id()).failing());
    assertNull(f.of(alert).get(0).nextAttemptAt(), "due again at once");
    notifier.notifyOnce();
    assertEquals(Status.SENT, f.of(alert).get(0).status());
  }

  @Test
  void test_badSend_answersTheErrorAndShowsFailing() throws Exception {
    District d = f.district(1);
    AlertChannel channel = f.wecom(d, null, "/test-bad");
    f.receiver.script("/test-bad", new Answer(404, ""));

    AlertNotifier.TestResult result = channelTest(f.notifier(), channel.id());

    assertFalse(result.ok());
    assertEquals("HTTP 404", result.error());
    assertEquals("HTTP 404", f.channel(channel.id()).lastError());
    assertTrue(f.channels.target(f.pool(), Long.MAX_VALUE).await().isEmpty());
  }

  // ---- helpers ----------------------------------------------------------------------------------

  /**
   * A channel test as the staff console runs it (AlertChannelsApi.test): read the channel, send,
   * record the outcome in a transaction, nudge the notifier when messages are due again.
   */
  private static AlertNotifier.TestResult channelTest(AlertNotifier notifier, long channelId)
      throws Exception {
    ChannelTarget target = f.channels.target(f.pool(), channelId).await().orElseThrow();
    Throwable failure = null;
    try {
      notifier.sendTest(target).get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      failure = e.getCause();
    }
    AlertNotifier.TestResult result = notifier.tested(channelId, failure);
    int due =
        f.pool()
            .withTransaction(
                tx -> f.channels.recordTest(tx, channelId, Instant.now(), result.error()))
            .await();
    if (due > 0) {
      notifier.nudge();
    }
    return result;
  }

  static String content(SinkReceiver.Received request) throws Exception {
    return JSON.readTree(request.body()).get("text").get("content").asText();
  }

  static String param(String query, String name) {
    for (String pair : query.split("&")) {
      if (pair.startsWith(name + "=")) {
        return pair.substring(name.length() + 1);
      }
    }
    throw new AssertionError(name + " missing from " + query);
  }

  static byte[] hmacSha256(String key, String data) throws Exception {
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(
        new javax.crypto.spec.SecretKeySpec(
            key.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
    return mac.doFinal(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
