package org.huxin.gateway.browser;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import org.huxin.testsupport.BrowserTest;
import org.huxin.testsupport.TestTier;

/**
 * One headless Debian Chromium driven by Playwright, for one test class.
 *
 * <p>Playwright's Java driver unpacks its bundled node driver from the classpath and would then
 * download its own browser build; {@code PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD} stops that, and the
 * browser launched is the distribution's {@code /usr/bin/chromium}. A machine without it fails
 * here, loudly: browser tests are never skipped.
 */
final class Chromium implements AutoCloseable {
  static final Path EXECUTABLE = Paths.get("/usr/bin/chromium");

  /**
   * Gateway settings for a test that runs next to a browser: Chromium's start-up and rendering lag
   * the event loops of a busy two-core machine past the waiting room's 100 ms, which would queue
   * the test's logins, and can slow a cold node's first answers past its 250 ms target; the waiting
   * room has its own tests.
   */
  static final Map<String, String> CALM_ADMISSION =
      Map.of("HUXIN_ADMISSION_MAX_LAG_MS", "5000", "HUXIN_ADMISSION_TARGET_MS", "5000");

  private static final List<String> ARGS =
      List.of(
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage");

  private final Playwright playwright;
  private final Browser browser;

  private Chromium(Playwright playwright, Browser browser) {
    this.playwright = playwright;
    this.browser = browser;
  }

  /** Starts the Playwright driver and a headless Chromium; fails when Chromium is not installed. */
  static Chromium launch() {
    return launch(List.of());
  }

  /** As {@link #launch()}, with further command-line switches (e.g. host resolver rules). */
  static Chromium launch(List<String> extraArgs) {
    TestTier.requireFull("Chromium", BrowserTest.class);
    if (!Files.isExecutable(EXECUTABLE)) {
      throw new IllegalStateException(
          "browser tests need Debian's Chromium at "
              + EXECUTABLE
              + ": install it with `apt-get install chromium` (Playwright must not download one)");
    }
    Playwright playwright =
        Playwright.create(
            new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
    try {
      Browser browser =
          playwright
              .chromium()
              .launch(
                  new BrowserType.LaunchOptions()
                      .setExecutablePath(EXECUTABLE)
                      .setHeadless(true)
                      .setArgs(
                          java.util.stream.Stream.concat(ARGS.stream(), extraArgs.stream())
                              .toList()));
      return new Chromium(playwright, browser);
    } catch (RuntimeException e) {
      playwright.close();
      throw e;
    }
  }

  Browser browser() {
    return browser;
  }

  @Override
  public void close() {
    try {
      browser.close();
    } finally {
      playwright.close();
    }
  }
}
