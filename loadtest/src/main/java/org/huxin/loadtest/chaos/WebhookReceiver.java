package org.huxin.loadtest.chaos;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for the WeCom, DingTalk and SMS endpoints on loopback (no outside network here): it
 * answers every POST the way a WeCom group robot does ({@code {"errcode":0,"errmsg":"ok"}}) and
 * writes one JSON line per message to {@code --out}: when, the path and query, and the body, so a
 * fault run can check that every alert reached a phone. Runs in its own process, so killing a
 * gateway node cannot take it down.
 *
 * <pre>
 * java -cp ... org.huxin.loadtest.chaos.WebhookReceiver --port 19390 --out run/webhook.jsonl
 * </pre>
 */
public final class WebhookReceiver {
  private WebhookReceiver() {}

  public static void main(String[] args) throws IOException {
    int port = 0;
    Path out = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--port" -> port = Integer.parseInt(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown flag " + args[i]);
      }
    }
    if (port < 1 || out == null) {
      throw new IllegalArgumentException("give --port and --out");
    }
    BufferedWriter log = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
    server.createContext(
        "/",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          String line =
              new JsonObject()
                  .put("at", System.currentTimeMillis())
                  .put("uri", exchange.getRequestURI().toString())
                  .put("body", body)
                  .encode();
          synchronized (log) {
            log.write(line);
            log.newLine();
            log.flush();
          }
          byte[] answer = "{\"errcode\":0,\"errmsg\":\"ok\"}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, answer.length);
          exchange.getResponseBody().write(answer);
          exchange.close();
        });
    server.start();
    System.out.println("WEBHOOK listening on 127.0.0.1:" + port);
  }
}
