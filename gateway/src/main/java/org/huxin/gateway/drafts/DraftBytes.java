package org.huxin.gateway.drafts;

import java.nio.ByteBuffer;

/** The stored form of a draft: an 8-byte sequence number followed by the payload. */
final class DraftBytes {
  private DraftBytes() {}

  static byte[] of(long seq, byte[] payload) {
    return ByteBuffer.allocate(8 + payload.length).putLong(seq).put(payload).array();
  }

  static long seq(byte[] stored) {
    return ByteBuffer.wrap(stored).getLong();
  }

  static DraftStore.Draft read(byte[] stored) {
    byte[] payload = new byte[stored.length - 8];
    System.arraycopy(stored, 8, payload, 0, payload.length);
    return new DraftStore.Draft(seq(stored), payload);
  }
}
