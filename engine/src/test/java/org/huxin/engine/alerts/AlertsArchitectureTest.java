package org.huxin.engine.alerts;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Alert delivery is plain Java over the store: no Vert.x or Netty (the gateway adapts the sink to
 * its event bus) and no JDBC of its own (the claiming SQL lives in the store's outbox).
 */
class AlertsArchitectureTest {

  private static final JavaClasses ALERTS =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.engine.alerts");

  @Test
  void alerts_importNoVertxAndNoJdbc() {
    assertTrue(ALERTS.contain(AlertRelay.class), "the rule must see the alert classes");
    noClasses()
        .that()
        .resideInAPackage("org.huxin.engine.alerts..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "io.netty..", "java.sql..", "javax.sql..")
        .check(ALERTS);
  }
}
