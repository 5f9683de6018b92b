package org.huxin.testsupport;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * A test class that starts PostgreSQL (through {@link TestDatabase}, a gateway fixture or a store
 * of its own): tagged {@code db}, so {@code ./huxin test --fast} leaves it out. {@link
 * TestDatabase} refuses to start in the fast tier, so a class that needs this and lacks it fails
 * there by name.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Tag(DatabaseTest.TAG)
public @interface DatabaseTest {
  String TAG = "db";
}
