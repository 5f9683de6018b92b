package org.huxin.gateway;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.util.ArrayList;
import java.util.List;
import org.huxin.gateway.http.archfixture.HttpReachingAFeature;
import org.huxin.gateway.reports.archfixture.ReportsReachingTheCity;
import org.huxin.gateway.reports.archfixture.ReportsRunningSql;
import org.huxin.gateway.student.archfixture.StudentReachingRatings;
import org.huxin.gateway.student.archfixture.StudentReachingServices;
import org.junit.jupiter.api.Test;

/**
 * The gateway's layout as rules: {@code http} is the ground floor and imports no feature (only the
 * other infrastructure: admission, auth, cluster, config, metrics); the feature packages depend on
 * each other without cycles; only {@code demo} uses the engine's synthetic city; no handler touches
 * SQL (only classes named {@code *Store}, {@code *Queries} or {@code *Batch} may), and none sees
 * the node's {@code Services}: only the assembly (GatewayApp, Routes, HttpVerticle) does. Each rule
 * is also run on the main classes plus a fixture that breaks it, so it is known to fail when it
 * should.
 */
class LayoutTest {

  static final String[] INFRASTRUCTURE = {
    "org.huxin.gateway.http..",
    "org.huxin.gateway.admission..",
    "org.huxin.gateway.auth..",
    "org.huxin.gateway.cluster..",
    "org.huxin.gateway.config..",
    "org.huxin.gateway.metrics.."
  };

  static final ArchRule HTTP_IMPORTS_NO_FEATURE =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.gateway.http..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("org.huxin.gateway..").and(not(resideInAnyPackage(INFRASTRUCTURE))))
          .because("http is the ground floor: the route table beside GatewayApp wires features in");

  static final ArchRule NO_CYCLES_BETWEEN_FEATURES =
      slices()
          .matching("org.huxin.gateway.(*)..")
          .should()
          .beFreeOfCycles()
          .because("a feature that needs another's handler imports it; never both ways");

  static final ArchRule ONLY_DEMO_USES_THE_CITY =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.huxin.gateway.demo..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("org.huxin.engine.city..")
          .because("the synthetic city is for the demo, tests and rehearsals, never a real city");

  static final ArchRule SQL_ONLY_IN_STORES =
      noClasses()
          .that()
          .haveNameNotMatching(".*(Store|Queries|Batch)(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "org.postgresql..")
          .because("SQL lives in the engine's stores; a handler calls a store, never the driver");

  static final ArchRule ONLY_THE_ASSEMBLY_SEES_SERVICES =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.huxin.gateway")
          .should()
          .dependOnClassesThat()
          .haveFullyQualifiedName("org.huxin.gateway.Services")
          .because("a handler takes exactly what it uses in its constructor; Routes hands it over");

  static final JavaClasses GATEWAY =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.gateway");

  @Test
  void http_importsNoFeature() {
    assertTrue(GATEWAY.contain(HttpVerticle.class), "the rule must see http");
    HTTP_IMPORTS_NO_FEATURE.check(GATEWAY);
  }

  @Test
  void http_ruleCatchesAFeatureImport() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> HTTP_IMPORTS_NO_FEATURE.check(withFixture(HttpReachingAFeature.class)));
    assertTrue(e.getMessage().contains("org.huxin.gateway.alerts.AlertFeed"), e.getMessage());
  }

  @Test
  void features_haveNoCycles() {
    NO_CYCLES_BETWEEN_FEATURES.check(GATEWAY);
  }

  @Test
  void cycles_ruleCatchesACycle() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> NO_CYCLES_BETWEEN_FEATURES.check(withFixture(StudentReachingRatings.class)));
    assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
  }

  @Test
  void onlyDemo_usesTheCity() {
    ONLY_DEMO_USES_THE_CITY.check(GATEWAY);
  }

  @Test
  void city_ruleCatchesAnotherUser() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> ONLY_DEMO_USES_THE_CITY.check(withFixture(ReportsReachingTheCity.class)));
    assertTrue(e.getMessage().contains("org.huxin.engine.city.SyntheticCity"), e.getMessage());
  }

  @Test
  void sql_onlyInStores() {
    SQL_ONLY_IN_STORES.check(GATEWAY);
  }

  @Test
  void sql_ruleCatchesAHandler() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> SQL_ONLY_IN_STORES.check(withFixture(ReportsRunningSql.class)));
    assertTrue(e.getMessage().contains("java.sql.Connection"), e.getMessage());
  }

  @Test
  void onlyTheAssembly_seesServices() {
    ONLY_THE_ASSEMBLY_SEES_SERVICES.check(GATEWAY);
  }

  @Test
  void services_ruleCatchesAHandler() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                ONLY_THE_ASSEMBLY_SEES_SERVICES.check(withFixture(StudentReachingServices.class)));
    assertTrue(e.getMessage().contains("StudentReachingServices"), e.getMessage());
  }

  /** The main classes plus {@code fixture}, which the main classes never see. */
  static JavaClasses withFixture(Class<?> fixture) {
    List<Class<?>> classes = new ArrayList<>();
    classes.add(fixture);
    GATEWAY.forEach(
        c -> {
          if (!c.getName().contains("$")) {
            classes.add(c.reflect());
          }
        });
    return new ClassFileImporter().importClasses(classes);
  }
}
