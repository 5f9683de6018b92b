package org.huxin.loadtest.chaos.harness;

/**
 * The programs a fault run starts in processes of their own, each a main class: the student driver,
 * the check, the delaying proxy, the webhook receiver and the staff consoles.
 */
public record Programs(
    Class<?> driver, Class<?> check, Class<?> proxy, Class<?> webhook, Class<?> consoles) {}
