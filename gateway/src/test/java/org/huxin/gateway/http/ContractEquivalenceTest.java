package org.huxin.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.huxin.gateway.http.contract.CompiledSchema;
import org.huxin.gateway.testing.ReferenceValidators;

/**
 * The compiled contract and the reference (vertx-json-schema, validating against the same loaded
 * contract) give the same verdict, valid or invalid, on random mutations of valid bodies of every
 * operation that takes one: fields dropped and added, values replaced by other types, strings
 * around their length limits (with characters outside the BMP), numbers around their bounds, nulls,
 * nested junk, near-miss UUIDs and date-times. Bodies go through JSON text and {@code
 * Buffer.toJsonValue()}, as on the wire. Coverage checks make sure both verdicts occur often for
 * every operation, so agreement is not won by generating only junk.
 */
class ContractEquivalenceTest {
  private static final List<String> OPERATIONS =
      List.of("studentLogin", "studentSubmit", "saveDraft", "staffLogin", "setWindowStatus");
  private static final String[] SCALES = {"phq9", "gad7", "sdq_p", "a", "x_1"};
  private static final String[] ODD_KEYS = {
    "", "PHQ-9", "9abc", "phq9\n", "a".repeat(33), "score", "tier", "schoolId", "answers", "seq"
  };

  private static Vertx vertx;
  private static ApiContract contract;
  private static final Map<String, AtomicInteger> TRIED = new ConcurrentHashMap<>();

  @BeforeContainer
  static void load() throws Exception {
    vertx = Vertx.vertx();
    contract =
        ApiContract.load(vertx, op -> {})
            .toCompletionStage()
            .toCompletableFuture()
            .get(60, TimeUnit.SECONDS);
  }

  @AfterContainer
  static void close() throws Exception {
    System.out.println("contract equivalence: cases tried per operation " + TRIED);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Provide
  Arbitrary<String> operations() {
    return Arbitraries.of(OPERATIONS);
  }

  @Property(tries = 25_000)
  void compiledAndReference_agreeOnMutatedBodies(
      @ForAll("operations") String operationId, @ForAll Random random) {
    JsonObject body = validBody(operationId, random);
    int mutations = random.nextInt(4); // 0: the valid body itself
    for (int i = 0; i < mutations; i++) {
      mutate(body, random);
    }
    Object instance = Buffer.buffer(body.encode()).toJsonValue();

    boolean reference =
        Boolean.TRUE.equals(
            ReferenceValidators.of(contract, operationId).validate(instance).getValid());
    CompiledSchema compiled = contract.requestBody(operationId);
    boolean ours = compiled.accepts(instance);

    TRIED.computeIfAbsent(operationId, k -> new AtomicInteger()).incrementAndGet();
    Statistics.collect(operationId, reference ? "valid" : "invalid");
    Statistics.coverage(
        c -> {
          for (String op : OPERATIONS) {
            c.check(op, "valid").count(n -> n >= 200);
            c.check(op, "invalid").count(n -> n >= 1_000);
          }
        });
    assertEquals(
        reference,
        ours,
        () ->
            operationId
                + " body "
                + body.encode()
                + ": reference says "
                + (reference ? "valid" : "invalid")
                + ", compiled says "
                + (ours ? "valid" : compiled.firstViolation(instance)));
  }

  // ---- valid bodies ----------------------------------------------------------------------------

  static JsonObject validBody(String operationId, Random r) {
    return switch (operationId) {
      case "studentLogin" -> {
        JsonObject b =
            new JsonObject()
                .put("schoolCode", text(r, 1, 32))
                .put("studentNo", text(r, 1, 32))
                .put("accessCode", text(r, 1, 32));
        if (r.nextBoolean()) {
          b.put("queueTicket", r.nextBoolean() ? null : anyText(r, 0, 64));
        }
        yield b;
      }
      case "studentSubmit" -> {
        JsonObject b =
            new JsonObject()
                .put("idempotencyKey", UUID.randomUUID().toString())
                .put("answers", answers(r, false));
        if (r.nextBoolean()) {
          b.put("locale", pick(r, "zh-CN", "en", null));
        }
        if (r.nextBoolean()) {
          b.put("startedAt", r.nextInt(4) == 0 ? null : pick(r, VALID_TIMES));
        }
        if (r.nextBoolean()) {
          b.put("itemMillis", r.nextInt(4) == 0 ? null : answers(r, true));
        }
        yield b;
      }
      case "saveDraft" ->
          new JsonObject()
              .put("seq", r.nextInt(Integer.MAX_VALUE))
              .put("page", r.nextInt(256))
              .put("answers", answers(r, false));
      case "staffLogin" ->
          new JsonObject().put("username", text(r, 1, 64)).put("password", anyText(r, 1, 256));
      case "setWindowStatus" -> new JsonObject().put("status", pick(r, "open", "paused", "closed"));
      default -> throw new IllegalArgumentException(operationId);
    };
  }

  private static final String[] VALID_TIMES = {
    "2026-10-12T07:55:00Z",
    "2026-10-12t07:55:00z",
    "2026-10-12T07:55:00.123+08:00",
    "2026-10-12T07:55:00"
  };
  private static final String[] ODD_TIMES = {
    "2026-02-30T07:55:00Z",
    "2026-10-12 07:55:00Z",
    "2026-10-12T25:00:00Z",
    "2026-10-12T07:55Z",
    "2026-10-12T23:59:60Z",
    "2026-10-12T07:55:00+0800",
    "2026-10-12T07:55:00+08",
    "2026-10-12T07:55:00Z\n",
    "2026-10-12",
    "12/10/2026",
    "2026-10-12T07:55:00.1234567891Z"
  };

  private static JsonObject answers(Random r, boolean millis) {
    JsonObject answers = new JsonObject();
    int scales = r.nextInt(5);
    for (int i = 0; i < scales; i++) {
      JsonArray items = new JsonArray();
      int n = r.nextInt(12) == 0 ? 64 : r.nextInt(20);
      for (int j = 0; j < n; j++) {
        items.add(r.nextInt(6) == 0 ? null : millis ? r.nextInt(86_400_001) : r.nextInt(5));
      }
      answers.put(SCALES[r.nextInt(SCALES.length)], items);
    }
    return answers;
  }

  // ---- mutations -------------------------------------------------------------------------------

  /** One random mutation somewhere in {@code body}. */
  static void mutate(JsonObject body, Random r) {
    List<Object> containers = new ArrayList<>();
    collect(body, containers);
    Object target = containers.get(r.nextInt(containers.size()));
    if (target instanceof JsonObject object) {
      List<String> keys = new ArrayList<>(object.fieldNames());
      int kind = r.nextInt(keys.isEmpty() ? 1 : 3);
      if (kind == 0) {
        String key =
            r.nextBoolean()
                ? ODD_KEYS[r.nextInt(ODD_KEYS.length)]
                : r.nextBoolean() ? SCALES[r.nextInt(SCALES.length)] : text(r, 1, 8);
        object.put(key, junk(r, 2));
      } else if (kind == 1) {
        object.remove(keys.get(r.nextInt(keys.size())));
      } else {
        String key = keys.get(r.nextInt(keys.size()));
        object.put(key, replacement(object.getValue(key), r));
      }
    } else if (target instanceof JsonArray array) {
      int kind = r.nextInt(array.isEmpty() ? 2 : 4);
      if (kind == 0) {
        array.add(junk(r, 1));
      } else if (kind == 1) {
        while (array.size() < 64 + r.nextInt(3)) {
          array.add(r.nextInt(5));
        }
      } else if (kind == 2) {
        array.remove(r.nextInt(array.size()));
      } else {
        int i = r.nextInt(array.size());
        array.set(i, replacement(array.getValue(i), r));
      }
    }
  }

  private static void collect(Object node, List<Object> out) {
    if (node instanceof JsonObject object) {
      out.add(object);
      object.forEach(e -> collect(e.getValue(), out));
    } else if (node instanceof JsonArray array) {
      out.add(array);
      array.forEach(v -> collect(v, out));
    }
  }

  /** A value near {@code old}'s limits (a string around its length, a number around a bound). */
  private static Object replacement(Object old, Random r) {
    if (r.nextInt(3) == 0) {
      return junk(r, 2);
    }
    if (old instanceof String s) {
      return switch (r.nextInt(8)) {
        case 0 -> anyText(r, 0, 2);
        case 1 -> s + text(r, 1, 40);
        case 2 -> "\uD83D\uDE00".repeat(r.nextInt(34)) + (r.nextBoolean() ? "a" : "");
        case 3 -> " ".repeat(r.nextInt(3) + 1);
        case 4 -> pick(r, ODD_TIMES);
        case 5 -> pick(r, VALID_TIMES);
        case 6 -> nearUuid(r);
        default -> anyText(r, 0, 300);
      };
    }
    return number(r);
  }

  private static Object number(Random r) {
    return switch (r.nextInt(10)) {
      case 0 -> -1;
      case 1 -> 0;
      case 2 -> 255 + r.nextInt(2);
      case 3 -> Integer.MAX_VALUE;
      case 4 -> 2_147_483_648L;
      case 5 -> 86_400_000 + r.nextInt(2);
      case 6 -> pick(r, 3.0, 3.5, -0.0, 1e20, 255.0, 255.5);
      case 7 -> new BigInteger("99999999999999999999");
      case 8 -> r.nextLong();
      default -> r.nextInt(10);
    };
  }

  private static String nearUuid(Random r) {
    String u = UUID.randomUUID().toString();
    return switch (r.nextInt(6)) {
      case 0 -> u.toUpperCase(java.util.Locale.ROOT);
      case 1 -> u.substring(1);
      case 2 -> u + "0";
      case 3 -> u.replace('-', '_');
      case 4 -> u.substring(0, 8) + "g" + u.substring(9);
      default -> u;
    };
  }

  /** Any JSON value, nesting up to {@code depth}. */
  private static Object junk(Random r, int depth) {
    int kind = r.nextInt(depth > 0 ? 8 : 6);
    return switch (kind) {
      case 0 -> null;
      case 1 -> r.nextBoolean();
      case 2 -> number(r);
      case 3 -> anyText(r, 0, 70);
      case 4 -> pick(r, "open", "zh-CN", "en", UUID.randomUUID().toString(), VALID_TIMES[0]);
      case 5 -> "";
      case 6 -> {
        JsonObject o = new JsonObject();
        for (int i = r.nextInt(3); i > 0; i--) {
          o.put(
              r.nextBoolean() ? SCALES[r.nextInt(SCALES.length)] : text(r, 1, 5),
              junk(r, depth - 1));
        }
        yield o;
      }
      default -> {
        JsonArray a = new JsonArray();
        for (int i = r.nextInt(4); i > 0; i--) {
          a.add(r.nextBoolean() ? r.nextInt(4) : junk(r, depth - 1));
        }
        yield a;
      }
    };
  }

  // ---- strings ---------------------------------------------------------------------------------

  /** Non-blank: letters and digits, {@code min..max} characters. */
  private static String text(Random r, int min, int max) {
    int n = min + r.nextInt(max - min + 1);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append("abcdefghijkmnpqrstuvwxyz0123456789ABCDEF".charAt(r.nextInt(40)));
    }
    return s.toString();
  }

  /** {@code min..max} code points, blanks, controls and characters outside the BMP included. */
  private static String anyText(Random r, int min, int max) {
    int n = min + r.nextInt(max - min + 1);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (r.nextInt(6)) {
        case 0 -> s.append(' ');
        case 1 -> s.append("\t\n".charAt(r.nextInt(2)));
        case 2 -> s.append('学');
        case 3 -> s.appendCodePoint(0x1F600 + r.nextInt(40));
        default -> s.append((char) ('a' + r.nextInt(26)));
      }
    }
    return s.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }
}
