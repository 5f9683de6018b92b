package org.huxin.engine.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.huxin.engine.alerts.AlertChannel.Kind;
import org.huxin.testsupport.SinkReceiver;
import org.huxin.testsupport.SinkReceiver.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP side of the senders: scheme policy, timeouts, redirects and what an error may say. */
class ChannelSendersTest {

  private static final NotifierConfig QUICK =
      new NotifierConfig(
          Duration.ofMillis(50),
          10,
          Duration.ofSeconds(10),
          Duration.ofSeconds(1),
          Duration.ofSeconds(1),
          Duration.ofSeconds(30),
          Duration.ofMinutes(10),
          true);

  private static SinkReceiver receiver;

  @BeforeAll
  static void startReceiver() {
    receiver = SinkReceiver.start();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  private static ChannelTarget wecom(String url) {
    return new ChannelTarget(1, 200, null, Kind.WECOM, url, null, List.of());
  }

  private static String failure(ChannelSenders senders, ChannelTarget target) throws Exception {
    ExecutionException e =
        assertThrows(
            ExecutionException.class,
            () -> senders.of(target.kind()).send(target, "消息").get(10, TimeUnit.SECONDS));
    return AlertNotifier.describe(e);
  }

  @Test
  void send_plainHttpWhileHttpIsNotAllowed_refusedAndNothingSent() throws Exception {
    ChannelSenders httpsOnly =
        ChannelSenders.overHttp(QUICK.withAllowHttp(false), java.time.Clock.systemUTC());

    String error = failure(httpsOnly, wecom(receiver.url("/plain?key=secret-key")));

    assertTrue(error.startsWith("refused: the URL must use https"), error);
    assertFalse(error.contains("secret-key"), error);
    assertEquals(0, receiver.count("/plain"));
  }

  @Test
  void send_noAnswerInTime_failsNamingTheTimeoutNotTheUrl() throws Exception {
    SinkReceiver.Hold hold = receiver.hold("/slow");
    try {
      String error =
          failure(
              ChannelSenders.overHttp(QUICK, java.time.Clock.systemUTC()),
              wecom(receiver.url("/slow?key=secret-key")));
      assertEquals("no answer within 1 s", error);
    } finally {
      hold.release().countDown();
    }
  }

  @Test
  void send_nobodyListening_failsWithoutTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String error =
        failure(
            ChannelSenders.overHttp(QUICK, java.time.Clock.systemUTC()),
            wecom("http://127.0.0.1:" + port + "/gone?key=secret-key"));

    assertEquals("connection refused or unreachable", error);
  }

  @Test
  void send_redirect_notFollowed() throws Exception {
    receiver.script("/moved", new Answer(302, ""));

    String error =
        failure(
            ChannelSenders.overHttp(QUICK, java.time.Clock.systemUTC()),
            wecom(receiver.url("/moved?key=k")));

    assertEquals("HTTP 302", error);
  }

  @Test
  void send_robotAnswerWithoutErrcode_failure() throws Exception {
    receiver.script("/odd", new Answer(200, "<html>proxy login</html>"));

    String error =
        failure(
            ChannelSenders.overHttp(QUICK, java.time.Clock.systemUTC()),
            wecom(receiver.url("/odd?key=k")));

    assertEquals("HTTP 200 without a JSON answer", error);
  }

  @Test
  void sendFailure_isNotAnExceptionWithAStackOrCause() {
    SendFailure failure = new SendFailure("HTTP 500");
    assertEquals(0, failure.getStackTrace().length);
    assertInstanceOf(RuntimeException.class, failure);
  }
}
