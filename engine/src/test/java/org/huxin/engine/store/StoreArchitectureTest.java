package org.huxin.engine.store;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store reaches PostgreSQL through JDBC and the reactive Vert.x client and uses nothing else of
 * Vert.x or Netty (no event bus, no web); the synthetic city is plain Java and stands alone.
 */
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
  void store_usesOfVertxOnlyTheSqlClient() {
    noClasses()
        .that()
        .resideInAPackage("org.huxin.engine.store..")
        .should()
        .dependOnClassesThat(
            resideInAnyPackage("io.vertx..", "io.netty..")
                .and(not(resideInAnyPackage("io.vertx.sqlclient..", "io.vertx.pgclient..")))
                .and(not(belongToAnyOf(Vertx.class, Future.class))))
        .check(classes);
  }

  @Test
  void city_importsNoVertx() {
    noClasses()
        .that()
        .resideInAPackage("org.huxin.engine.city..")
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
