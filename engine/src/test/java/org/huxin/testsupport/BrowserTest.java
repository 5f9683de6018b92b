package org.huxin.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that drives Chromium (and so also a gateway on PostgreSQL): tagged {@code browser}
 * and {@code db}, so {@code ./huxin test --fast} leaves it out. The browser fixtures refuse to
 * start Chromium in the fast tier, so a class that needs this and lacks it fails there by name.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(BrowserTest.TAG)
@Tag(DatabaseTest.TAG)
public @interface BrowserTest {
  String TAG = "browser";
}
