package org.huxin.engine.alerts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Alert delivery is plain Java over the feature's stores: no Vert.x or Netty anywhere in the
 * package (the gateway adapts the sink to its event bus), and JDBC only in the {@code *Store}
 * classes (the outbox's claiming SQL, the channels, the notifications owed, the crisis drafts).
 */
class AlertsArchitectureTest {

  private static final JavaClasses ALERTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.engine.alerts");

  @Test
  void alerts_importNoVertx() {
    assertTrue(ALERTS.contain(AlertRelay.class), "the rule must see the alert classes");
    noClasses()
        .that()
        .resideInAPackage("org.huxin.engine.alerts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "io.netty..")
        .check(ALERTS);
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
