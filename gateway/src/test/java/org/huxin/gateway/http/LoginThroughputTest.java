package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.json.schema.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.Routes;
import org.huxin.gateway.Services;
import org.huxin.gateway.http.contract.CompiledSchema;
import org.huxin.gateway.student.StudentLoginApi;
import org.huxin.gateway.student.StudentPathTest;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.gateway.testing.ReferenceValidators;
import org.huxin.testsupport.DatabaseTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What validating against the contract costs. Three servers on one gateway run the same login
 * handler behind a different check: parse only (what the body costs before any field is checked),
 * the compiled contract (what Routes mounts), and vertx-json-schema validating against the same
 * contract (the reference the compiled one replaced). 20,000 logins each per round, interleaved,
 * over real HTTP from a client on its own event loop; then each check alone, per body, on one
 * thread. Every login must succeed and every body must pass, or the run fails.
 *
 * <pre>
 * mvn -q -B -o -pl gateway -am verify -Dhuxin.perf=true -Dtest=LoginThroughputTest \
 *     -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
@EnabledIfSystemProperty(named = "huxin.perf", matches = "true")
@DatabaseTest
class LoginThroughputTest {
  private static final int LOGINS = 20_000;
  private static final int IN_FLIGHT = 32;
  private static final int ROUNDS = 5;

  @Test
  void login_throughputWithAndWithoutContract() throws Exception {
    GatewayFixture gw = GatewayFixture.start(LoginThroughputTest.class);
    Vertx clientVertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      Services services = gw.app.services();
      ApiContract contract = services.contract();
      StudentLoginApi api =
          new StudentLoginApi(
              services.admission(),
              services.guard(),
              services.roster(),
              services.windows(),
              services.engines(),
              services.tokens(),
              services.questionnaires(),
              services.metrics(),
              services.clock());
      Handler<RoutingContext> login = api::login;
      int parsePort = serve(gw, LoginThroughputTest::parseOnly, login);
      int compiledPort = serve(gw, contract.validator("studentLogin"), login);
      int referencePort =
          serve(gw, reference(ReferenceValidators.of(contract, "studentLogin")), login);
      List<Buffer> bodies = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        RosterEntry s = gw.secondaryStudent(i);
        bodies.add(Buffer.buffer(gw.loginBody(s)));
      }
      HttpClientAgent client =
          clientVertx.createHttpClient(
              new HttpClientOptions().setKeepAlive(true),
              new PoolOptions().setHttp1MaxSize(IN_FLIGHT));

      run(client, parsePort, bodies, 10_000); // warm up every path
      run(client, compiledPort, bodies, 10_000);
      run(client, referencePort, bodies, 10_000);
      double[] parseOnly = new double[ROUNDS];
      double[] compiled = new double[ROUNDS];
      double[] reference = new double[ROUNDS];
      for (int round = 0; round < ROUNDS; round++) {
        parseOnly[round] = run(client, parsePort, bodies, LOGINS);
        compiled[round] = run(client, compiledPort, bodies, LOGINS);
        reference[round] = run(client, referencePort, bodies, LOGINS);
        System.out.printf(
            "round %d: parse only %.0f, compiled contract %.0f, vertx-json-schema %.0f logins/s%n",
            round + 1, parseOnly[round], compiled[round], reference[round]);
      }
      System.out.printf(
          "best of %d: parse only %.0f, compiled contract %.0f (%.1f%%), vertx-json-schema %.0f"
              + " (%.1f%%) logins/s%n",
          ROUNDS,
          max(parseOnly),
          max(compiled),
          100 * (max(compiled) / max(parseOnly) - 1),
          max(reference),
          100 * (max(reference) / max(parseOnly) - 1));

      perBody(gw, contract);
    } finally {
      clientVertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      gw.close();
    }
  }

  /** Each check alone, on this thread: microseconds per login body and per submit body. */
  private static void perBody(GatewayFixture gw, ApiContract contract) throws Exception {
    CompiledSchema loginCompiled = contract.requestBody("studentLogin");
    CompiledSchema submitCompiled = contract.requestBody("studentSubmit");
    Validator loginReference = ReferenceValidators.of(contract, "studentLogin");
    Validator submitReference = ReferenceValidators.of(contract, "studentSubmit");
    Buffer loginBody = Buffer.buffer(gw.loginBody(gw.secondaryStudent(0)));
    JsonObject login =
        new JsonObject(gw.http.postJson("/api/student/login", loginBody.toString()).body());
    JsonObject questionnaire = new JsonObject(gw.http.get(login.getString("questionnaire")).body());
    Buffer submitBody =
        new JsonObject()
            .put("idempotencyKey", UUID.randomUUID().toString())
            .put("locale", "zh-CN")
            .put("startedAt", "2026-10-12T07:55:00Z")
            .put("answers", StudentPathTest.answers(questionnaire, StudentPathTest.ROUTINE))
            .toBuffer();
    assertTrue(loginCompiled.accepts(loginBody.toJsonValue()));
    assertTrue(submitCompiled.accepts(submitBody.toJsonValue()));
    assertTrue(loginReference.validate(loginBody.toJsonValue()).getValid());
    assertTrue(submitReference.validate(submitBody.toJsonValue()).getValid());
    for (int round = 0; round < 3; round++) {
      double loginParse = micros(() -> loginBody.toJsonValue(), 200_000);
      double loginOurs = micros(() -> loginCompiled.accepts(loginBody.toJsonValue()), 200_000);
      double loginRef = micros(() -> loginReference.validate(loginBody.toJsonValue()), 50_000);
      double submitParse = micros(() -> submitBody.toJsonValue(), 50_000);
      double submitOurs = micros(() -> submitCompiled.accepts(submitBody.toJsonValue()), 50_000);
      double submitRef = micros(() -> submitReference.validate(submitBody.toJsonValue()), 5_000);
      System.out.printf(
          "per body (µs): login (%d bytes) parse %.2f, parse+compiled %.2f, parse+vertx-json-schema"
              + " %.2f; submit (%d bytes) parse %.2f, parse+compiled %.2f,"
              + " parse+vertx-json-schema %.2f%n",
          loginBody.length(),
          loginParse,
          loginOurs,
          loginRef,
          submitBody.length(),
          submitParse,
          submitOurs,
          submitRef);
    }
  }

  /** vertx-json-schema in front of the handler, as the contract was enforced before. */
  private static Handler<RoutingContext> reference(Validator validator) {
    return ctx -> {
      Object body = ctx.body().buffer().toJsonValue();
      if (!Boolean.TRUE.equals(validator.validate(body).getValid())) {
        throw ApiException.badRequest("invalid_request", "body does not match the contract");
      }
      ctx.put(RequestBodies.VALIDATED, body);
      ctx.next();
    };
  }

  /** Keeps the JIT from dropping work whose answer is never read. */
  private static volatile int sink;

  private static double micros(Supplier<?> work, int times) {
    int seen = 0;
    long start = System.nanoTime();
    for (int i = 0; i < times; i++) {
      seen += System.identityHashCode(work.get());
    }
    long elapsed = System.nanoTime() - start;
    sink = seen;
    return elapsed / 1e3 / times;
  }

  /** The same handler chain as Routes, with {@code check} in front of the login handler. */
  private static int serve(
      GatewayFixture gw, Handler<RoutingContext> check, Handler<RoutingContext> login) {
    Router router = Router.router(gw.vertx);
    router
        .post("/api/student/login")
        .consumes("application/json")
        .handler(BodyHandler.create(false).setBodyLimit(Routes.BODY_LIMIT))
        .handler(check)
        .handler(login);
    router.route().failureHandler(Errors::handle);
    HttpServer server =
        GatewayFixture.await(
            gw.vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1"));
    return server.actualPort();
  }

  /** Parse only: what the body costs before any field is checked. */
  private static void parseOnly(RoutingContext ctx) {
    ctx.put(RequestBodies.VALIDATED, ctx.body().buffer().toJsonValue());
    ctx.next();
  }

  /** Sends {@code total} logins, {@link #IN_FLIGHT} at a time; answers logins per second. */
  private static double run(HttpClientAgent client, int port, List<Buffer> bodies, int total)
      throws Exception {
    AtomicInteger started = new AtomicInteger();
    AtomicInteger ok = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    CompletableFuture<Void> finished = new CompletableFuture<>();
    long start = System.nanoTime();
    for (int i = 0; i < IN_FLIGHT; i++) {
      next(client, port, bodies, total, started, ok, done, finished);
    }
    finished.get(10, TimeUnit.MINUTES);
    double seconds = (System.nanoTime() - start) / 1e9;
    assertEquals(total, ok.get(), "every login must succeed");
    return total / seconds;
  }

  private static void next(
      HttpClientAgent client,
      int port,
      List<Buffer> bodies,
      int total,
      AtomicInteger started,
      AtomicInteger ok,
      AtomicInteger done,
      CompletableFuture<Void> finished) {
    int n = started.getAndIncrement();
    if (n >= total) {
      return;
    }
    Buffer body = bodies.get(n % bodies.size());
    client
        .request(HttpMethod.POST, port, "127.0.0.1", "/api/student/login")
        .compose(
            req ->
                req.putHeader("content-type", "application/json")
                    .send(body)
                    .compose(resp -> resp.body().map(b -> resp.statusCode())))
        .onComplete(
            result -> {
              if (result.succeeded() && result.result() == 200) {
                ok.incrementAndGet();
              }
              if (done.incrementAndGet() == total) {
                finished.complete(null);
              } else {
                next(client, port, bodies, total, started, ok, done, finished);
              }
            });
  }

  private static double max(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, v);
    }
    return max;
  }
}
