package org.huxin.gateway.rosterimport;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.Optional;
import org.huxin.gateway.testing.GatewayFixture;
import org.huxin.testsupport.Eventually;

/** A staff session that uploads raw file bytes and polls an import until it finishes. */
final class Uploads {
  static final String CSV = "text/csv";
  static final String XLSX = RosterImportApi.XLSX_TYPE;

  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String base;
  private final String cookie;

  Uploads(GatewayFixture gw, String username) {
    this.base = "http://127.0.0.1:" + gw.app.port();
    HttpResponse<String> login =
        send(
            HttpRequest.newBuilder(URI.create(base + "/api/staff/login"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\""
                            + username
                            + "\",\"password\":\""
                            + GatewayFixture.PASSWORD
                            + "\"}")));
    if (login.statusCode() != 200) {
      throw new AssertionError("login of " + username + " failed: " + login.body());
    }
    // A sign-in sets the session cookie and a device cookie; uploads need the session.
    this.cookie =
        login.headers().allValues("set-cookie").stream()
            .filter(c -> c.startsWith(org.huxin.gateway.auth.StaffAuth.COOKIE + "="))
            .findFirst()
            .orElseThrow()
            .split(";", 2)[0];
  }

  HttpResponse<String> upload(String name, String contentType, byte[] body) {
    return send(
        HttpRequest.newBuilder(URI.create(base + "/api/staff/roster/imports?name=" + name))
            .header("Content-Type", contentType)
            .header("Cookie", cookie)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).GET());
  }

  /** Uploads and waits for the import to finish; returns the finished import. */
  JsonObject importFile(String name, String contentType, byte[] body) {
    HttpResponse<String> started = upload(name, contentType, body);
    if (started.statusCode() != 202) {
      throw new AssertionError("upload answered " + started.statusCode() + ": " + started.body());
    }
    return awaitFinished(new JsonObject(started.body()).getLong("importId"));
  }

  JsonObject awaitFinished(long id) {
    return Eventually.await(
        "import " + id + " finishing",
        Duration.ofSeconds(120),
        () -> {
          HttpResponse<String> r = get("/api/staff/roster/imports/" + id);
          if (r.statusCode() != 200) {
            throw new AssertionError("poll answered " + r.statusCode() + ": " + r.body());
          }
          JsonObject job = new JsonObject(r.body());
          String state = job.getString("state");
          return state.equals("done") || state.equals("rejected") || state.equals("failed")
              ? Optional.of(job)
              : Optional.empty();
        });
  }

  private HttpResponse<String> send(HttpRequest.Builder b) {
    try {
      return client.send(b.build(), BodyHandlers.ofString());
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
