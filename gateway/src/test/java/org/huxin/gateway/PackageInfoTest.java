package org.huxin.gateway;

import java.util.stream.Stream;
import org.huxin.testsupport.PackageDocs;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every main package of the gateway has a package-info that says what lives there. */
class PackageInfoTest {

  @TestFactory
  Stream<DynamicTest> mainPackages_eachHasPackageInfo() {
    return PackageDocs.eachHasPackageInfo(PackageDocs.MAIN_SOURCES);
  }
}
