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
import io.vertx.core.CompositeFuture;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import org.huxin.engine.alerts.archfixture.AlertSqlLeak;
import org.huxin.engine.alerts.archfixture.AlertsOnTheEventBus;
import org.junit.jupiter.api.Test;

/**
 * Alert delivery runs on Vert.x timers ({@code Vertx}, its futures and promises) and the reactive
 * SQL client (its binary values, {@code io.vertx.sqlclient}, {@code io.vertx.pgclient}), and on
 * nothing else of Vert.x: no event bus, no web, no verticles, no Netty (the gateway adapts the sink
 * to its event bus). JDBC is only in the {@code *Store} classes (the outbox's claiming SQL, the
 * channels, the notifications owed, the crisis drafts). Each rule is also run on a fixture that
 * breaks it, so it is known to fail when it should.
 */
class AlertsArchitectureTest {

  static final ArchRule VERTX_ONLY_FOR_SQL =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.engine.alerts..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage("io.vertx..", "io.netty..")
                  .and(not(resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..")))
                  .and(
                      not(
                          belongToAnyOf(
                              Vertx.class,
                              Future.class,
                              Promise.class,
                              CompositeFuture.class,
                              Buffer.class))))
          .because(
              "alerts reach PostgreSQL through the reactive client and nothing else of Vert.x");

  static final ArchRule JDBC_ONLY_IN_STORES =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.engine.alerts..")
          .and()
          .haveNameNotMatching(".*Store(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "javax.sql..")
          .because("the alerts' SQL lives in their *Store classes");

  private static final JavaClasses ALERTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.engine.alerts");

  @Test
  void alerts_useNoVertxButTheSqlClient() {
    assertTrue(ALERTS.contain(AlertRelay.class), "the rule must see the alert classes");
    assertTrue(ALERTS.contain(AlertChannelStore.class), "the rule must see the stores");
    VERTX_ONLY_FOR_SQL.check(ALERTS);
  }

  @Test
  void vertxRule_catchesTheEventBus() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                VERTX_ONLY_FOR_SQL.check(
                    new ClassFileImporter().importClasses(AlertsOnTheEventBus.class)));
    assertTrue(e.getMessage().contains("io.vertx.core.eventbus.EventBus"), e.getMessage());
  }

  @Test
  void delivery_importsNoJdbc() {
    JDBC_ONLY_IN_STORES.check(ALERTS);
  }

  @Test
  void jdbcRule_catchesAnotherClass() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                JDBC_ONLY_IN_STORES.check(
                    new ClassFileImporter().importClasses(AlertSqlLeak.class)));
    assertTrue(e.getMessage().contains("java.sql.Connection"), e.getMessage());
  }
}
