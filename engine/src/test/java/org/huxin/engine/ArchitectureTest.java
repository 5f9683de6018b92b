package org.huxin.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.huxin.engine.scoring.ScoringEngine;
import org.huxin.engine.scoring.archfixture.FileLeak;
import org.huxin.engine.scoring.archfixture.SqlLeak;
import org.junit.jupiter.api.Test;

/**
 * {@code org.huxin.engine.scoring} is pure: no Vert.x, no JDBC, no file or network I/O, and no
 * reach into the store. The rule is also run against fixtures that break it, so it is known to fail
 * when it should.
 */
class ArchitectureTest {

  static final ArchRule SCORING_IS_PURE =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.engine.scoring..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx..",
              "java.sql..",
              "javax.sql..",
              "java.nio.file..",
              "java.net..",
              "org.huxin.engine.store..")
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching("java\\.io\\.(File|RandomAccessFile).*")
          .because("scoring is pure computation that the gateway and benchmarks call in memory");

  private static final JavaClasses SCORING =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.huxin.engine.scoring");

  @Test
  void scoring_importsNoIo() {
    assertTrue(SCORING.contain(ScoringEngine.class), "the rule must see the scoring classes");
    SCORING_IS_PURE.check(SCORING);
  }

  @Test
  void scoring_ruleCatchesJdbc() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> SCORING_IS_PURE.check(new ClassFileImporter().importClasses(SqlLeak.class)));
    assertTrue(e.getMessage().contains("java.sql.Connection"), e.getMessage());
  }

  @Test
  void scoring_ruleCatchesFileIo() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () -> SCORING_IS_PURE.check(new ClassFileImporter().importClasses(FileLeak.class)));
    assertTrue(e.getMessage().contains("java.io.FileInputStream"), e.getMessage());
  }
}
