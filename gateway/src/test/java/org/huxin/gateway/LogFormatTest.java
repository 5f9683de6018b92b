package org.huxin.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The shipped {@code logback.xml}: a text line starts with the date, the time and the zone offset
 * (a log read the next morning, or on a server in another zone, still says when); {@code
 * HUXIN_LOG_FORMAT=json} writes one JSON object a line.
 */
class LogFormatTest {

  @Test
  void text_startsWithDateTimeAndZone() throws Exception {
    String line = logged(null, "a text line").trim();
    String stamp = line.substring(0, line.indexOf(' '));
    OffsetDateTime at = OffsetDateTime.parse(stamp, DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    assertTrue(at.getYear() >= 2024, line);
    assertTrue(line.endsWith("a text line"), line);
  }

  @Test
  void json_oneObjectALine() throws Exception {
    String out = logged("json", "a json line");
    String[] lines = out.trim().split("\n");
    assertEquals(1, lines.length, out);
    JsonObject line = new JsonObject(lines[0]);
    assertEquals("a json line", line.getString("message"), out);
    assertEquals("INFO", line.getString("level"), out);
    assertTrue(line.getLong("timestamp") > 1_700_000_000_000L, out);
  }

  /** What one INFO line writes under the shipped configuration with {@code format}. */
  private static String logged(String format, String message) throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    try {
      System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
      configure(context, format);
      context.getLogger("huxin.test.format").info(message);
    } finally {
      System.setOut(original);
      configure(context, null);
    }
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static void configure(LoggerContext context, String format) throws Exception {
    if (format == null) {
      System.clearProperty("HUXIN_LOG_FORMAT");
    } else {
      System.setProperty("HUXIN_LOG_FORMAT", format);
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    long since = System.currentTimeMillis();
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    // A warning makes logback print its whole status at every start (160 lines in one CI log).
    StatusUtil status = new StatusUtil(context);
    assertTrue(
        status.getHighestLevel(since) < Status.WARN,
        () ->
            "logback configured with warnings: "
                + context.getStatusManager().getCopyOfStatusList());
  }
}
