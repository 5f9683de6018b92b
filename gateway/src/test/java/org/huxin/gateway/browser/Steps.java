package org.huxin.gateway.browser;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.PlaywrightException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The named steps of one browser test: each step runs, then leaves {@code
 * target/screenshots/<test>-<step>.png}; a step that fails leaves {@code <test>-<step>-FAILED.png}
 * and is reported by its name.
 */
final class Steps {
  /** Screenshots go under the module's {@code target/} (surefire runs with basedir = gateway). */
  static final Path SCREENSHOTS =
      Paths.get(System.getProperty("basedir", "."), "target", "screenshots");

  /** A step's body; may throw anything, which fails the step. */
  @FunctionalInterface
  interface Body {
    void run() throws Exception;
  }

  private final Page page;
  private final String test;

  Steps(Page page, String test) {
    this.page = page;
    this.test = test;
  }

  /** Runs {@code body} as the step {@code name} and screenshots the page after it. */
  void run(String name, Body body) throws IOException {
    try {
      body.run();
    } catch (Exception | AssertionError e) {
      AssertionError failed =
          new AssertionError(
              "browser step '" + test + " / " + name + "' failed: " + e.getMessage() + banner(), e);
      try {
        shoot(name + "-FAILED");
      } catch (PlaywrightException shotFailed) {
        failed.addSuppressed(shotFailed);
      }
      throw failed;
    }
    shoot(name);
    Files.deleteIfExists(SCREENSHOTS.resolve(test + "-" + name + "-FAILED.png"));
  }

  /**
   * The text of a visible error banner ({@code data-testid="error-banner"}), if the page has one.
   */
  private String banner() {
    try {
      Locator banner = page.getByTestId("error-banner");
      return banner.count() == 1 && banner.isVisible()
          ? " (the page's error banner says: " + banner.innerText() + ")"
          : "";
    } catch (PlaywrightException e) {
      return " (the page could not be read: " + e.getMessage() + ")";
    }
  }

  /** Saves a full-page screenshot named {@code <test>-<name>.png}; returns its path. */
  Path shoot(String name) {
    Path file = SCREENSHOTS.resolve(test + "-" + name + ".png");
    page.screenshot(new Page.ScreenshotOptions().setPath(file).setFullPage(true));
    return file;
  }
}
