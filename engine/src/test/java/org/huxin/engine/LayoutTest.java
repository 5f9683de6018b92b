package org.huxin.engine;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
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
import org.huxin.engine.store.Store;
import org.huxin.engine.store.archfixture.StoreReachingAFeature;
import org.huxin.engine.windows.archfixture.WindowSqlLeak;
import org.huxin.engine.windows.archfixture.WindowsReachingProgress;
import org.junit.jupiter.api.Test;

/**
 * The engine's layout as rules: {@code store} is the ground floor and imports no feature; the
 * feature packages ({@code results}, {@code windows}, {@code roster}, {@code alerts}, …) depend on
 * each other without cycles; SQL (JDBC, the PostgreSQL driver) is touched only in {@code store} and
 * in classes named {@code *Store}, {@code *Queries} or {@code *Batch}. Each rule is also run on the
 * main classes plus a fixture that breaks it, so it is known to fail when it should.
 */
class LayoutTest {

  static final ArchRule STORE_IMPORTS_NO_FEATURE =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.engine.store..")
          .should()
          .dependOnClassesThat(
              resideInAPackage("org.huxin..")
                  .and(not(resideInAPackage("org.huxin.engine.store.."))))
          .because("the store is the ground floor every feature stands on");

  static final ArchRule NO_CYCLES_BETWEEN_FEATURES =
      slices()
          .matching("org.huxin.engine.(*)..")
          .should()
          .beFreeOfCycles()
          .because("a feature that needs another's records imports them; never both ways");

  static final ArchRule SQL_ONLY_IN_STORES =
      noClasses()
          .that()
          .resideOutsideOfPackage("org.huxin.engine.store..")
          .and()
          .haveNameNotMatching(".*(Store|Queries|Batch)(\\$.*)?")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage("java.sql..", "org.postgresql..")
          .because("a feature's SQL lives in its *Store, *Queries or *Batch class, nowhere else");

  static final JavaClasses ENGINE =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.engine");

  @Test
  void store_importsNoFeature() {
    assertTrue(ENGINE.contain(Store.class), "the rule must see the store");
    STORE_IMPORTS_NO_FEATURE.check(ENGINE);
  }

  @Test
  void store_ruleCatchesAFeatureImport() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> STORE_IMPORTS_NO_FEATURE.check(withFixture(StoreReachingAFeature.class)));
    assertTrue(e.getMessage().contains("org.huxin.engine.windows.WindowStore"), e.getMessage());
  }

  @Test
  void features_haveNoCycles() {
    NO_CYCLES_BETWEEN_FEATURES.check(ENGINE);
  }

  @Test
  void cycles_ruleCatchesACycle() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> NO_CYCLES_BETWEEN_FEATURES.check(withFixture(WindowsReachingProgress.class)));
    assertTrue(e.getMessage().contains("Cycle detected"), e.getMessage());
  }

  @Test
  void sql_onlyInStoresQueriesAndBatches() {
    SQL_ONLY_IN_STORES.check(ENGINE);
  }

  @Test
  void sql_ruleCatchesAnotherClass() {
    AssertionError e =
        assertThrows(
            AssertionError.class, () -> SQL_ONLY_IN_STORES.check(withFixture(WindowSqlLeak.class)));
    assertTrue(e.getMessage().contains("java.sql.Connection"), e.getMessage());
  }

  /** The main classes plus {@code fixture}, which the main classes never see. */
  private static JavaClasses withFixture(Class<?> fixture) {
    List<Class<?>> classes = new ArrayList<>();
    classes.add(fixture);
    ENGINE.forEach(
        c -> {
          if (!c.getName().contains("$")) {
            classes.add(c.reflect());
          }
        });
    return new ClassFileImporter().importClasses(classes);
  }
}
