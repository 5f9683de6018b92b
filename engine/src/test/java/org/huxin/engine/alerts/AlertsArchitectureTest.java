package org.huxin.engine.alerts;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.huxin.engine.alerts.archfixture.BusLeak;
import org.junit.jupiter.api.Test;

/**
 * Alert delivery runs on Vert.x timers and the reactive PostgreSQL client, and on nothing else of
 * Vert.x or Netty: no event bus, no web (the gateway adapts the sink to its event bus and serves
 * the events). JDBC only in the {@code *Store} classes (the channels, the notifications owed, the
 * crisis drafts, the outbox's JDBC reads). The rule is also run against a fixture that breaks it,
 * so it is known to fail when it should.
 */
class AlertsArchitectureTest {

  static final ArchRule ONLY_TIMERS_AND_SQL =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.engine.alerts..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("io.vertx..", "io.netty..")
                  .and(not(belongToAnyOf(Vertx.class, Future.class, Promise.class)))
                  .and(not(resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient.."))))
          .because(
              "alert delivery needs timers and the PostgreSQL client only; the gateway owns the"
                  + " event bus and the web");

  private static final JavaClasses ALERTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.engine.alerts");

  @Test
  void alerts_useNoVertxBeyondTimersAndTheSqlClient() {
    assertTrue(ALERTS.contain(AlertRelay.class), "the rule must see the alert classes");
    ONLY_TIMERS_AND_SQL.check(ALERTS);
  }

  @Test
  void alerts_ruleCatchesTheEventBus() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> ONLY_TIMERS_AND_SQL.check(new ClassFileImporter().importClasses(BusLeak.class)));
    assertTrue(e.getMessage().contains("io.vertx.core.eventbus.EventBus"), e.getMessage());
  }

  @Test
  void delivery_importsNoJdbc() {
    noClasses()
        .that()
        .resideInAPackage("org.huxin.engine.alerts..")
        .and()
        .haveNameNotMatching(".*Store(\\$.*)?")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("java.sql..", "javax.sql..")
        .check(ALERTS);
  }
}
