package org.huxin.engine.norms;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * {@code org.huxin.engine.norms} is pure: no Vert.x, JDBC, file or network I/O, no store, and no
 * dependency on scoring (scoring uses norms, not the other way round).
 */
class NormsPurityTest {

  static final ArchRule NORMS_ARE_PURE =
      noClasses()
          .that()
          .resideInAPackage("org.huxin.engine.norms..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.vertx..",
              "java.sql..",
              "javax.sql..",
              "java.nio.file..",
              "java.net..",
              "org.huxin.engine.store..",
              "org.huxin.engine.scoring..")
          .orShould()
          .dependOnClassesThat()
          .haveNameMatching("java\\.io\\.(File|RandomAccessFile).*")
          .because("norms are pure computation; the store reads and writes norm sets");

  @Test
  void norms_importNoIo() {
    JavaClasses norms =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.huxin.engine.norms");
    assertTrue(norms.contain(LocalNormBuilder.class), "the rule must see the norms classes");
    NORMS_ARE_PURE.check(norms);
  }
}
