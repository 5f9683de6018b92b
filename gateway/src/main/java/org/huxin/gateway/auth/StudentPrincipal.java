package org.huxin.gateway.auth;

import java.time.Instant;

/** What a student token asserts: this student may answer this form of this window until then. */
public record StudentPrincipal(
    long studentId, long windowId, String form, String batteryId, Instant expiresAt) {
  public StudentPrincipal {
    if (studentId <= 0 || windowId <= 0) {
      throw new IllegalArgumentException("student and window ids must be positive");
    }
    if (form == null || form.isBlank() || batteryId == null || batteryId.isBlank()) {
      throw new IllegalArgumentException("form and battery are required");
    }
    if (expiresAt == null) {
      throw new IllegalArgumentException("expiresAt is required");
    }
  }
}
