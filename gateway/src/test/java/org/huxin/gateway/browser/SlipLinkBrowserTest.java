package org.huxin.gateway.browser;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.huxin.engine.roster.RosterEntry;
import org.huxin.gateway.slips.SvgQr;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.BrowserTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A student scans the QR code of a printed slip. The link carries school, number and access code in
 * the fragment, which the browser keeps to itself: a recording proxy in front of the gateway,
 * standing in for nginx and its access log, sees every request line of the visit, and none holds
 * the code. The page fills the login form from the fragment and at once removes it from the address
 * bar. A slip printed before, with the details in the query, still fills the form, and the code
 * leaves the address bar just as fast.
 */
@BrowserTest
class SlipLinkBrowserTest {
  private static final int PROXY_PORT = GatewayFixture.freePort();
  private static final String PUBLIC = "http://127.0.0.1:" + PROXY_PORT;

  private static final List<String> requestLines = new CopyOnWriteArrayList<>();
  private static GatewayFixture gw;
  private static HttpServer proxy;
  private static Chromium chromium;

  @BeforeAll
  static void start() {
    Map<String, String> env = new java.util.HashMap<>(Chromium.CALM_ADMISSION);
    env.put("HUXIN_PUBLIC_URL", PUBLIC);
    gw = GatewayFixture.start(SlipLinkBrowserTest.class, env);
    proxy = GatewayFixture.await(recordingProxy(gw.vertx, PROXY_PORT, gw.app.port()));
    chromium = Chromium.launch();
  }

  @AfterAll
  static void stop() {
    try {
      if (chromium != null) {
        chromium.close();
      }
      if (proxy != null) {
        GatewayFixture.await(proxy.close());
      }
    } finally {
      gw.close();
    }
  }

  @Test
  void qrLink_codeNeverReachesTheServer() throws Exception {
    RosterEntry student = gw.studentA();
    String code = gw.codeOf(student);
    String link = qrLinkOf(student);
    assertTrue(link.startsWith(PUBLIC + "/#school="), link);
    assertTrue(link.contains(code), link);
    requestLines.clear();
    try (BrowserContext phone = chromium.browser().newContext(phone())) {
      Page page = phone.newPage();
      Steps steps = new Steps(page, "slip-link");
      steps.run(
          "01-prefilled",
          () -> {
            page.navigate(link);
            assertThat(page.getByTestId("view-login")).isVisible();
            assertThat(page.getByTestId("login-school")).hasValue(student.schoolCode());
            assertThat(page.getByTestId("login-student")).hasValue(student.studentNo());
            assertEquals(
                bare(code), bare(page.getByTestId("login-code").inputValue()), "code filled");
            assertEquals(PUBLIC + "/", page.url(), "the details left the address bar");
          });
      steps.run(
          "02-signed-in",
          () -> {
            page.getByTestId("login-submit").click();
            page.getByTestId("assent-check").check(); // the privacy notice comes first
            page.getByTestId("assent-start").click();
            assertThat(page.getByTestId("view-scale")).isVisible();
            assertEquals(PUBLIC + "/", page.url());
          });
    }
    assertTrue(requestLines.contains("GET /"), requestLines.toString());
    assertTrue(requestLines.contains("POST /api/student/login"), requestLines.toString());
    for (String line : requestLines) {
      assertFalse(line.contains(bare(code)) || line.contains(code), "code in: " + line);
      assertFalse(line.contains("code="), line);
      assertFalse(line.contains(student.studentNo()), line);
    }
  }

  @Test
  void printedQueryLink_stillPrefillsAndLeavesTheAddressBar() throws Exception {
    RosterEntry student = gw.secondaryStudent(1);
    String code = gw.codeOf(student);
    String old =
        PUBLIC
            + "/?school="
            + URLEncoder.encode(student.schoolCode(), StandardCharsets.UTF_8)
            + "&no="
            + URLEncoder.encode(student.studentNo(), StandardCharsets.UTF_8)
            + "&code="
            + code;
    try (BrowserContext phone = chromium.browser().newContext(phone())) {
      Page page = phone.newPage();
      new Steps(page, "slip-query-link")
          .run(
              "01-prefilled",
              () -> {
                page.navigate(old);
                assertThat(page.getByTestId("view-login")).isVisible();
                assertThat(page.getByTestId("login-student")).hasValue(student.studentNo());
                assertEquals(bare(code), bare(page.getByTestId("login-code").inputValue()));
                assertEquals(PUBLIC + "/", page.url(), "the code left the address bar");
              });
    }
  }

  /** The link the QR code on {@code student}'s slip encodes, read back from the printed page. */
  private static String qrLinkOf(RosterEntry student) {
    HttpResponse<String> slips =
        gw.staffSession("psy")
            .get("/api/staff/classes/" + student.classId() + "/slips?window=" + gw.window.id());
    assertEquals(200, slips.statusCode(), slips.body());
    String number = "no=" + URLEncoder.encode(student.studentNo(), StandardCharsets.UTF_8) + "&";
    return SvgQr.svgs(slips.body()).stream()
        .map(svg -> SvgQr.decode(svg).text())
        .filter(text -> text.contains(number))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no slip of student " + student.id()));
  }

  private static String bare(String code) {
    return code.replace("-", "").toUpperCase(java.util.Locale.ROOT);
  }

  /**
   * A reverse proxy that writes down the request line of everything it forwards to {@code
   * upstream}, as nginx's access log would.
   */
  private static io.vertx.core.Future<HttpServer> recordingProxy(
      Vertx vertx, int port, int upstream) {
    HttpClient client = vertx.createHttpClient();
    return vertx
        .createHttpServer()
        .requestHandler(
            req -> {
              requestLines.add(req.method() + " " + req.uri());
              req.pause();
              forward(client, req, upstream);
            })
        .listen(port, "127.0.0.1");
  }

  private static void forward(HttpClient client, HttpServerRequest req, int upstream) {
    RequestOptions options =
        new RequestOptions()
            .setMethod(req.method())
            .setHost("127.0.0.1")
            .setPort(upstream)
            .setURI(req.uri());
    client
        .request(options)
        .compose(
            out -> {
              out.headers().setAll(req.headers()).remove(HttpHeaders.CONNECTION);
              return out.send(req);
            })
        .onSuccess(
            in -> {
              HttpServerResponse res = req.response().setStatusCode(in.statusCode());
              res.headers()
                  .setAll(in.headers())
                  .remove(HttpHeaders.CONNECTION)
                  .remove(HttpHeaders.TRANSFER_ENCODING);
              res.setChunked(!res.headers().contains(HttpHeaders.CONTENT_LENGTH));
              in.pipeTo(res);
            })
        .onFailure(e -> req.response().setStatusCode(502).end());
  }

  private static Browser.NewContextOptions phone() {
    return new Browser.NewContextOptions()
        .setViewportSize(390, 844)
        .setIsMobile(true)
        .setHasTouch(true)
        .setLocale("zh-CN");
  }
}
