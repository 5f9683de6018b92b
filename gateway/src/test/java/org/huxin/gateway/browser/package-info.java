/**
 * Browser tests: Playwright for Java drives Debian's own Chromium ({@code /usr/bin/chromium},
 * installed with apt, never downloaded by Playwright) against a real gateway, once as a student on
 * a phone and once as a city administrator in the staff console. Every step leaves a screenshot in
 * {@code gateway/target/screenshots/}.
 */
package org.huxin.gateway.browser;
