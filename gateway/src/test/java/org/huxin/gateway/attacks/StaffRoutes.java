package org.huxin.gateway.attacks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The staff routes as {@code Routes.java} lists them, read from its source so that a route added
 * there is attacked here without anyone remembering to add it.
 */
final class StaffRoutes {
  /** One staff route: its method and template, e.g. {@code POST /api/staff/alerts/:id/ack}. */
  record Route(String method, String template) {
    Route {
      if (!template.startsWith("/api/staff/")) {
        throw new IllegalArgumentException("not a staff route: " + template);
      }
    }

    boolean changesState() {
      return !method.equals("GET");
    }

    boolean takesId() {
      return template.contains("/:");
    }

    /** The path with each {@code :param} replaced by {@code ids.get(param)}. */
    String path(Map<String, ?> ids) {
      Matcher m = PARAM.matcher(template);
      StringBuilder out = new StringBuilder();
      while (m.find()) {
        Object id = ids.get(m.group(1));
        if (id == null) {
          throw new IllegalArgumentException("no value for :" + m.group(1) + " in " + template);
        }
        m.appendReplacement(out, id.toString());
      }
      m.appendTail(out);
      return out.toString();
    }

    @Override
    public String toString() {
      return method + " " + template;
    }
  }

  private static final Path SOURCE = Path.of("src/main/java/org/huxin/gateway/Routes.java");

  /** {@code route(router, http, HttpMethod.GET, "/api/staff/...")}, or {@code jsonRoute(...)}. */
  private static final Pattern ROUTE =
      Pattern.compile(
          "[rR]oute\\(\\s*router,\\s*http,\\s*HttpMethod\\.(GET|POST|PUT|DELETE|PATCH),\\s*"
              + "\"(/api/staff/[^\"]*)\"\\s*\\)");

  private static final Pattern PARAM = Pattern.compile(":([A-Za-z]+)");

  private StaffRoutes() {}

  /** Every staff route but the login itself, in the order the route table lists them. */
  static List<Route> all() {
    String source;
    try {
      source = Files.readString(SOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("the tests run from the gateway module's folder", e);
    }
    List<Route> routes = new ArrayList<>();
    Matcher m = ROUTE.matcher(source);
    while (m.find()) {
      Route r = new Route(m.group(1), m.group(2));
      if (!r.template().equals("/api/staff/login") && !routes.contains(r)) {
        routes.add(r);
      }
    }
    if (routes.size() < 20) {
      throw new IllegalStateException("found only " + routes.size() + " staff routes in " + SOURCE);
    }
    return routes;
  }
}
