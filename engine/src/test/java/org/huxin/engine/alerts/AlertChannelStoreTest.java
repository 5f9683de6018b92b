package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.huxin.engine.alerts.AlertChannel.Kind;
import org.huxin.engine.protect.KeyRotationBatch;
import org.huxin.engine.store.NameCipher;
import org.huxin.scales.CrisisLevel;
import org.huxin.testsupport.DatabaseTest;
import org.huxin.testsupport.TestOrgUnits.District;
import org.huxin.testsupport.TestRows;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Channels at rest: what is encrypted, what staff see, what a channel must have. */
@DatabaseTest
class AlertChannelStoreTest {

  private static final String WEBHOOK =
      "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";

  private static SinkFixture f;

  @BeforeAll
  static void createDatabase() {
    f = new SinkFixture(AlertChannelStoreTest.class);
  }

  @AfterAll
  static void dropDatabase() {
    f.close();
  }

  private static NewAlertChannel wecom(District d, String url) {
    return new NewAlertChannel(
        d.id(), d.school(0).id(), Kind.WECOM, "初三年级群", url, null, List.of(), true);
  }

  @Test
  void create_urlAndSecretEncryptedAtRestAndShownAsSchemeAndHost() {
    District d = f.district(1);
    AlertChannel channel =
        f.create(
            new NewAlertChannel(
                d.id(),
                null,
                Kind.DINGTALK,
                "区危机干预群",
                "https://oapi.dingtalk.com/robot/send?access_token=ding-token-secret",
                "SECsigning-secret-1",
                List.of(),
                true));

    assertEquals("https://oapi.dingtalk.com/…", channel.urlShown());
    assertTrue(channel.hasSecret());
    assertEquals(d.name(), channel.districtName());
    assertEquals(null, channel.schoolName());
    byte[] url =
        f.single("SELECT url_enc FROM alert_channel WHERE id = ?", channel.id(), byte[].class);
    byte[] secret =
        f.single("SELECT secret_enc FROM alert_channel WHERE id = ?", channel.id(), byte[].class);
    assertFalse(contains(url, "ding-token-secret"), "the token is not stored in clear");
    assertFalse(contains(secret, "signing-secret"), "the secret is not stored in clear");
    ChannelTarget target = f.channels.target(channel.id()).orElseThrow();
    assertEquals(
        "https://oapi.dingtalk.com/robot/send?access_token=ding-token-secret", target.url());
    assertEquals("SECsigning-secret-1", target.secret());
    assertFalse(target.toString().contains("secret"), target.toString());
  }

  @Test
  void create_kindRules_eachRefusalNamesTheField() {
    District d = f.district(1);
    IllegalArgumentException noSecret =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NewAlertChannel(
                    d.id(), null, Kind.DINGTALK, "钉钉", WEBHOOK, null, List.of(), true));
    assertTrue(noSecret.getMessage().startsWith("secret:"), noSecret.getMessage());
    IllegalArgumentException noPhones =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NewAlertChannel(d.id(), null, Kind.SMS, "短信", WEBHOOK, null, List.of(), true));
    assertTrue(noPhones.getMessage().startsWith("recipients:"), noPhones.getMessage());
    IllegalArgumentException badPhone =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new NewAlertChannel(
                    d.id(), null, Kind.SMS, "短信", WEBHOOK, null, List.of("138-0000"), true));
    assertEquals(
        "recipients: number 1 is not a phone number (digits, optional +)", badPhone.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new NewAlertChannel(
                d.id(), null, Kind.WECOM, "群", WEBHOOK, null, List.of("13800000000"), true));
    assertThrows(
        IllegalArgumentException.class,
        () -> new NewAlertChannel(d.id(), null, Kind.WECOM, " ", WEBHOOK, null, List.of(), true));
    assertFalse(wecom(d, WEBHOOK).toString().contains("693a91f6"), "toString holds no URL");
  }

  @Test
  void channelUrl_plainHttpRefusedUnlessAllowedAndNeverQuoted() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ChannelUrl.check("http://qyapi.weixin.qq.com/send?key=abc123", false));
    assertFalse(e.getMessage().contains("abc123"), e.getMessage());
    assertEquals("http", ChannelUrl.check("http://127.0.0.1:8/x?key=a", true).getScheme());
    assertThrows(IllegalArgumentException.class, () -> ChannelUrl.check("ftp://host/x", true));
    assertThrows(IllegalArgumentException.class, () -> ChannelUrl.check("/relative", true));
    assertThrows(
        IllegalArgumentException.class, () -> ChannelUrl.check("https://u:p@host/x", true));
  }

  @Test
  void update_nullFieldsKeptAndSecretCleared() {
    District d = f.district(1);
    AlertChannel sms =
        f.create(
            new NewAlertChannel(
                d.id(),
                d.school(0).id(),
                Kind.SMS,
                "短信",
                "https://sms.example.cn/send",
                "token-1",
                List.of("13800000001"),
                true));

    AlertChannel renamed =
        f.update(
                sms.id(),
                new AlertChannelChange("短信（心理老师）", null, "", List.of("13800000002"), null))
            .orElseThrow();

    assertEquals("短信（心理老师）", renamed.name());
    assertEquals("https://sms.example.cn/…", renamed.urlShown());
    assertFalse(renamed.hasSecret());
    assertEquals(List.of("13800000002"), renamed.recipients());
    assertTrue(renamed.enabled());
    assertEquals("https://sms.example.cn/send", f.channels.target(sms.id()).orElseThrow().url());
    IllegalArgumentException noPhones =
        assertThrows(
            IllegalArgumentException.class,
            () -> f.update(sms.id(), new AlertChannelChange(null, null, null, List.of(), null)));
    assertTrue(noPhones.getMessage().startsWith("recipients:"), noPhones.getMessage());
    assertEquals(List.of("13800000002"), f.channel(sms.id()).recipients(), "rolled back");
    assertTrue(f.update(Long.MAX_VALUE, AlertChannelChange.enabled(false)).isEmpty());
    assertFalse(f.delete(Long.MAX_VALUE));
  }

  @Test
  void disable_handsDeliveriesAndEscalationsToTheChannelStandingIn() throws Exception {
    District d = f.district(1);
    AlertChannel first = f.wecom(d, null, "/first-district");
    long alert = f.alert(d.school(0), CrisisLevel.SERIOUS);
    f.relayAll();
    f.escalateDue(f.clock.instant().plusSeconds(1800));
    AlertChannel second = f.wecom(d, null, "/second-district");
    assertEquals(
        Set.of(AlertNotification.Kind.DELIVERY, AlertNotification.Kind.ESCALATION),
        f.of(alert).stream()
            .filter(n -> n.channelId() == first.id())
            .map(AlertNotification::kind)
            .collect(Collectors.toSet()));

    assertFalse(f.update(first.id(), AlertChannelChange.enabled(false)).orElseThrow().enabled());

    List<AlertNotification> owed = f.of(alert);
    assertEquals(2, owed.size(), owed.toString());
    assertTrue(owed.stream().allMatch(n -> n.channelId() == second.id()), owed.toString());
    assertEquals(
        Set.of(AlertNotification.Kind.DELIVERY, AlertNotification.Kind.ESCALATION),
        owed.stream().map(AlertNotification::kind).collect(Collectors.toSet()));
  }

  @Test
  void keyRotation_reencryptsChannelUrlsAndSecrets() {
    District d = f.district(1);
    AlertChannel channel = f.create(wecom(d, WEBHOOK));
    byte[] key = new byte[32];
    key[0] = 42;
    NameCipher next = new NameCipher(key);

    new KeyRotationBatch(f.dataSource, TestRows.cipher(), next, 100).rotate(progress -> {});

    assertEquals(
        WEBHOOK,
        new AlertChannelStore(f.dataSource, next).target(channel.id()).orElseThrow().url());
    byte[] stored =
        f.single("SELECT url_enc FROM alert_channel WHERE id = ?", channel.id(), byte[].class);
    assertArrayEquals(new byte[] {1, next.keyId()}, new byte[] {stored[0], stored[1]});
    new KeyRotationBatch(f.dataSource, next, TestRows.cipher(), 100).rotate(progress -> {});
  }

  private static boolean contains(byte[] haystack, String needle) {
    return new String(haystack, StandardCharsets.ISO_8859_1)
        .contains(new String(needle.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
  }
}
