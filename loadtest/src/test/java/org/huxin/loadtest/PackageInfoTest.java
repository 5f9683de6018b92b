package org.huxin.loadtest;

import java.util.stream.Stream;
import org.huxin.testsupport.PackageDocs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every main package of the loadtest has a package-info that says what lives there. */
class PackageInfoTest {

  @TestFactory
  Stream<DynamicTest> mainPackages_eachHasPackageInfo() {
    return PackageDocs.eachHasPackageInfo(PackageDocs.MAIN_SOURCES);
  }
}
