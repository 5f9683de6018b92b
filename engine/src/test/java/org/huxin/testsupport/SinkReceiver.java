package org.huxin.testsupport;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A WeCom robot, DingTalk robot or SMS gateway stand-in on 127.0.0.1: records every request it
 * receives (method, URI with query, headers, body) by path, answers {@code 200
 * {"errcode":0,"errmsg":"ok"}} unless a test {@linkplain #script scripts} other answers for a path,
 * and can {@linkplain #hold hold} a path's next request until the test lets it go (a sender that
 * dies mid-send). There is no outside network here, and none is needed.
 */
public final class SinkReceiver implements AutoCloseable {

  /** The robots' success answer. */
  public static final String OK = "{\"errcode\":0,\"errmsg\":\"ok\"}";

  /** One request as received. */
  public record Received(String method, URI uri, Headers headers, String body) {
    public String header(String name) {
      return headers.getFirst(name);
    }
  }

  /** A scripted answer. */
  public record Answer(int status, String body) {}

  /** A held request: {@code arrived} counts down when it comes in, {@code release} lets it go. */
  public record Hold(CountDownLatch arrived, CountDownLatch release) {}

  private final HttpServer server;
  private final ExecutorService executor = Executors.newCachedThreadPool();
  private final Map<String, Queue<Received>> received = new ConcurrentHashMap<>();
  private final Map<String, Queue<Answer>> scripts = new ConcurrentHashMap<>();
  private final Map<String, Answer> always = new ConcurrentHashMap<>();
  private final Map<String, Hold> holds = new ConcurrentHashMap<>();

  private SinkReceiver(HttpServer server) {
    this.server = server;
    server.createContext("/", this::handle);
    server.setExecutor(executor);
    server.start();
  }

  /** Starts a receiver on a free port of 127.0.0.1. */
  public static SinkReceiver start() {
    try {
      return new SinkReceiver(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port><pathAndQuery>}. */
  public String url(String pathAndQuery) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + pathAndQuery;
  }

  /** Answers the next requests to {@code path} with {@code answers}, in order, then as before. */
  public SinkReceiver script(String path, Answer... answers) {
    scripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
    return this;
  }

  /** Answers every request to {@code path} with {@code answer} from now on (null: the default). */
  public SinkReceiver always(String path, Answer answer) {
    if (answer == null) {
      always.remove(path);
    } else {
      always.put(path, answer);
    }
    return this;
  }

  /** Holds the next request to {@code path} until the returned hold's release counts down. */
  public Hold hold(String path) {
    Hold hold = new Hold(new CountDownLatch(1), new CountDownLatch(1));
    holds.put(path, hold);
    return hold;
  }

  /** Everything received on {@code path}, oldest first. */
  public List<Received> received(String path) {
    Queue<Received> q = received.get(path);
    return q == null ? List.of() : new ArrayList<>(q);
  }

  public int count(String path) {
    return received(path).size();
  }

  @Override
  public void close() {
    holds.values().forEach(h -> h.release().countDown());
    server.stop(0);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getPath();
      received
          .computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>())
          .add(
              new Received(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI(),
                  exchange.getRequestHeaders(),
                  body));
      Hold hold = holds.remove(path);
      if (hold != null) {
        hold.arrived().countDown();
        try {
          hold.release().await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      Queue<Answer> script = scripts.get(path);
      Answer answer = script == null ? null : script.poll();
      if (answer == null) {
        answer = always.getOrDefault(path, new Answer(200, OK));
      }
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      if (bytes.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(bytes);
        }
      }
    }
  }
}
