package org.huxin.loadtest.chaos;

import java.util.UUID;

/**
 * One submit the gateway acknowledged with a 200 receipt, as {@link ChaosDriver} writes it down: a
 * line {@code studentId,idempotencyKey,node,attempts,millis} of an acks file.
 *
 * @param studentId the student whose submit it was
 * @param key the idempotency key every attempt of that submit carried
 * @param node the index of the node that answered 200
 * @param attempts submit requests sent for it, the acknowledged one included
 * @param millis from the first attempt to the receipt
 */
public record Ack(long studentId, UUID key, int node, int attempts, long millis) {
  public Ack {
    if (studentId < 1) {
      throw new IllegalArgumentException("a student id is positive, got " + studentId);
    }
    if (key == null) {
      throw new IllegalArgumentException("an acknowledged submit has an idempotency key");
    }
    if (node < 0 || attempts < 1 || millis < 0) {
      throw new IllegalArgumentException(
          "node, attempts and millis of student "
              + studentId
              + " must be >= 0, >= 1 and >= 0, got "
              + node
              + ", "
              + attempts
              + ", "
              + millis);
    }
  }

  /** The line of an acks file. */
  public String line() {
    return studentId + "," + key + "," + node + "," + attempts + "," + millis;
  }

  /**
   * Reads a line of an acks file.
   *
   * @throws IllegalArgumentException naming the line when it is not five comma-separated fields
   */
  public static Ack parse(String line) {
    String[] f = line.split(",", -1);
    if (f.length != 5) {
      throw new IllegalArgumentException(
          "an acks line has 5 fields (studentId,key,node,attempts,millis), got '" + line + "'");
    }
    try {
      return new Ack(
          Long.parseLong(f[0]),
          UUID.fromString(f[1]),
          Integer.parseInt(f[2]),
          Integer.parseInt(f[3]),
          Long.parseLong(f[4]));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("bad acks line '" + line + "': " + e.getMessage(), e);
    }
  }
}
