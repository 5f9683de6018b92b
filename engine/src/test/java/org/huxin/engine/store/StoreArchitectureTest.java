package org.huxin.engine.store;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The store and the synthetic city are plain Java and JDBC, and the city stands alone. */
class StoreArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.huxin.engine.store", "org.huxin.engine.city");
  }

  @Test
  void storeAndCity_importNoVertx() {
    noClasses()
        .that()
        .resideInAnyPackage("org.huxin.engine.store..", "org.huxin.engine.city..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("io.vertx..", "io.netty..")
        .check(classes);
  }

  @Test
  void city_dependsOnNothingOfTheStore() {
    noClasses()
        .that()
        .resideInAPackage("org.huxin.engine.city..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.huxin.engine.store..", "java.sql..", "javax.sql..")
        .check(classes);
  }
}
