package org.huxin.gateway.alerts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.huxin.engine.alerts.Alert;
import org.huxin.engine.alerts.AlertEvent;
import org.huxin.engine.staff.StaffRole;
import org.huxin.gateway.auth.StaffPrincipal;
import org.huxin.gateway.auth.StaffScope;
import org.huxin.scales.CrisisLevel;

/**
 * The scope checks decide by the ids' values, whatever the ids are and however they were boxed:
 * every {@code StaffScope.covers*} and the crisis feed's {@link AlertFeed.Stream#sees} agree with a
 * plain comparison of {@code long}s for every role, on ids of all sizes (above 127 a {@code Long}
 * is no longer one cached object) and on equal ids boxed apart.
 */
class ScopeByValuePropertyTest {

  @Property(tries = 2000)
  void covers_anyIds_agreeWithValueComparison(
      @ForAll StaffRole role,
      @ForAll("ids") long district,
      @ForAll("ids") long school,
      @ForAll("ids") long schoolClass,
      @ForAll("targets") Target target) {
    StaffPrincipal staff = principal(role, district, school, schoolClass);
    long d = target.sameDistrict() ? district : target.district();
    long s = target.sameSchool() ? school : target.school();
    long c = target.sameClass() ? schoolClass : target.schoolClass();

    assertEquals(
        expectedSchool(role, district, school, d, s),
        StaffScope.coversSchool(staff, d, s),
        "coversSchool");
    boolean classExpected =
        role == StaffRole.HEAD_TEACHER
            ? schoolClass == c
            : expectedSchool(role, district, school, d, s);
    assertEquals(classExpected, StaffScope.coversClass(staff, d, s, c), "coversClass");
    boolean districtExpected =
        role == StaffRole.CITY_ADMIN || (role == StaffRole.DISTRICT_ADMIN && district == d);
    assertEquals(districtExpected, StaffScope.coversDistrict(staff, d), "coversDistrict");
  }

  @Property(tries = 2000)
  void sees_anyIds_agreesWithValueComparison(
      @ForAll StaffRole role,
      @ForAll("ids") long district,
      @ForAll("ids") long school,
      @ForAll("ids") long schoolClass,
      @ForAll("targets") Target target) {
    StaffPrincipal staff = principal(role, district, school, schoolClass);
    long d = target.sameDistrict() ? district : target.district();
    long s = target.sameSchool() ? school : target.school();
    AlertFeed.Stream stream = new AlertFeed.Stream(staff, null, null);
    JsonObject event =
        AlertFeed.json(
            new AlertEvent(
                1,
                AlertEvent.Kind.DELIVERY,
                2L,
                3,
                4,
                "self",
                s,
                d,
                Alert.Source.RESULT,
                CrisisLevel.GENERAL,
                Instant.EPOCH,
                Instant.EPOCH.plusSeconds(7200),
                null));
    boolean expected = expectedSchool(role, district, school, d, s);

    assertEquals(expected, stream.sees(event), "event as published");
    assertEquals(expected, stream.sees(new JsonObject(event.encode())), "event off the wire");
  }

  /**
   * Whether a console of {@code role} over district {@code d0} and school {@code s0} sees (d, s).
   */
  private static boolean expectedSchool(StaffRole role, long d0, long s0, long d, long s) {
    return switch (role) {
      case CITY_ADMIN -> true;
      case DISTRICT_ADMIN -> d0 == d;
      case SCHOOL_PSYCHOLOGIST -> s0 == s;
      case HEAD_TEACHER, OPS -> false;
    };
  }

  /**
   * A principal whose ids are boxed from their decimal text, as a token's claims are read: each a
   * {@code Long} of its own, never the instance the comparison's other side holds.
   */
  private static StaffPrincipal principal(StaffRole role, long district, long school, long klass) {
    Long d = role == StaffRole.CITY_ADMIN || role == StaffRole.OPS ? null : boxedApart(district);
    Long s =
        role == StaffRole.SCHOOL_PSYCHOLOGIST || role == StaffRole.HEAD_TEACHER
            ? boxedApart(school)
            : null;
    Long c = role == StaffRole.HEAD_TEACHER ? boxedApart(klass) : null;
    return new StaffPrincipal(1, "staff", role, d, s, c, Instant.EPOCH.plusSeconds(3600));
  }

  private static Long boxedApart(long id) {
    return Long.valueOf(Long.toString(id));
  }

  /** Positive ids: small (cached) ones, the 127/128 edge, a city's, and up to Long.MAX_VALUE. */
  @Provide
  Arbitrary<Long> ids() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 127),
        Arbitraries.of(127L, 128L, 129L, 255L, 256L, 1_000L, Long.MAX_VALUE),
        Arbitraries.longs().between(128, 1_000_000),
        Arbitraries.longs().between(1, Long.MAX_VALUE));
  }

  /** The ids an alert or a request names: often the console's own, boxed apart, else any other. */
  @Provide
  Arbitrary<Target> targets() {
    Arbitrary<Long> ids = ids();
    return Combinators.combine(
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            Arbitraries.of(true, false),
            ids,
            ids,
            ids)
        .as(Target::new);
  }

  record Target(
      boolean sameDistrict,
      boolean sameSchool,
      boolean sameClass,
      long district,
      long school,
      long schoolClass) {}
}
