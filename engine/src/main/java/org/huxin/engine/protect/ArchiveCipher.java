package org.huxin.engine.protect;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts retention archive files, so that an archive copied to a backup disk or a file share
 * reads as noise without the key.
 *
 * <p>Implementation notes. A file is a header and a sequence of chunks (the STREAM construction of
 * Hoang, Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its Nonce-Reuse
 * Misuse-Resistance", CRYPTO 2015), so a file of any size is written and read in constant memory
 * and every chunk is checked before a byte of it is used:
 *
 * <pre>
 * header  "HXA1" | key id (8 bytes) | nonce prefix (7 random bytes)
 * chunk   length (4 bytes, big-endian) | AES-256-GCM(plaintext ≤ 1 MiB), 16-byte tag
 *         nonce = prefix | chunk number (4 bytes) | 1 if last chunk else 0
 *         associated data = the header
 * </pre>
 *
 * A changed byte fails that chunk's tag; chunks reordered or taken from another file fail their
 * nonce; a file cut short ends without a chunk marked last and is refused. The key is {@code
 * HUXIN_ARCHIVE_KEY} (base64 of 32 bytes) if set, else derived from the data key ({@code
 * HUXIN_DATA_KEY}, or the development key in {@code HUXIN_HOME}) with HMAC-SHA256 under a fixed
 * label, so an archive key never equals the key of the names. The key id (the first 8 bytes of
 * HMAC-SHA256(key, "key id")) tells a restore which key to use; after a key rotation the old data
 * key in {@code HUXIN_DATA_KEY_OLD} still reads the archives it wrote.
 */
public final class ArchiveCipher {

  static final String EXTENSION = ".enc";
  private static final byte[] MAGIC = "HXA1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_BYTES = 4 + 8 + 7;
  private static final int CHUNK = 1 << 20;
  private static final int TAG_BITS = 128;
  private static final String DEV_KEY_FILE = "dev-data-key";
  private static final byte[] LABEL =
      "huxin retention archive v1".getBytes(StandardCharsets.US_ASCII);

  private final SecretKeySpec key;
  private final byte[] keyId;
  private final List<ArchiveCipher> readable;
  private final SecureRandom random = new SecureRandom();

  private ArchiveCipher(byte[] rawKey, List<ArchiveCipher> alsoReading) {
    if (rawKey.length != 32) {
      throw new ProtectionException("an archive key must be 32 bytes, got " + rawKey.length);
    }
    this.key = new SecretKeySpec(rawKey, "AES");
    this.keyId = Arrays.copyOf(hmac(rawKey, "key id".getBytes(StandardCharsets.US_ASCII)), 8);
    this.readable = List.copyOf(alsoReading);
  }

  /** A cipher under {@code rawKey} itself (32 bytes). */
  public static ArchiveCipher ofKey(byte[] rawKey) {
    return new ArchiveCipher(rawKey.clone(), List.of());
  }

  /** A cipher under the key derived from the data key {@code dataKey} (32 bytes). */
  public static ArchiveCipher derivedFrom(byte[] dataKey) {
    return new ArchiveCipher(hmac(dataKey, LABEL), List.of());
  }

  /**
   * The archive cipher a deployment configured: {@code HUXIN_ARCHIVE_KEY}, else derived from {@code
   * HUXIN_DATA_KEY} or the development data key in {@code home}; archives written under a key
   * derived from {@code HUXIN_DATA_KEY_OLD} stay readable.
   */
  public static ArchiveCipher fromEnv(Map<String, String> env, Path home) {
    List<ArchiveCipher> older = new ArrayList<>();
    String old = value(env, "HUXIN_DATA_KEY_OLD");
    if (old != null) {
      older.add(derivedFrom(decode(old, "HUXIN_DATA_KEY_OLD")));
    }
    String archive = value(env, "HUXIN_ARCHIVE_KEY");
    String data = value(env, "HUXIN_DATA_KEY");
    if (archive != null) {
      if (data != null) {
        older.add(derivedFrom(decode(data, "HUXIN_DATA_KEY")));
      }
      return new ArchiveCipher(decode(archive, "HUXIN_ARCHIVE_KEY"), older);
    }
    if (data == null) {
      Path file = Objects.requireNonNull(home, "home").resolve(DEV_KEY_FILE);
      try {
        data = Files.readString(file, StandardCharsets.US_ASCII).strip();
      } catch (IOException e) {
        throw new ProtectionException(
            "neither HUXIN_ARCHIVE_KEY nor HUXIN_DATA_KEY is set, and there is no development key"
                + " at "
                + file
                + "; set the key the gateways use",
            e);
      }
    }
    return new ArchiveCipher(hmac(decode(data, "HUXIN_DATA_KEY"), LABEL), older);
  }

  /** The key id written into every file, in hex (it reveals nothing about the key). */
  public String keyId() {
    return HexFormat.of().formatHex(keyId);
  }

  /** An output stream that encrypts into {@code out}; closing it writes the last chunk. */
  public OutputStream encrypting(OutputStream out) throws IOException {
    byte[] header = new byte[HEADER_BYTES];
    System.arraycopy(MAGIC, 0, header, 0, 4);
    System.arraycopy(keyId, 0, header, 4, 8);
    byte[] prefix = new byte[7];
    random.nextBytes(prefix);
    System.arraycopy(prefix, 0, header, 12, 7);
    out.write(header);
    return new Encrypting(out, header);
  }

  /**
   * An input stream of the plaintext of {@code in}, checking every chunk.
   *
   * @throws ProtectionException (on read) if the file is not an archive file, was written under a
   *     key this cipher does not hold, or was changed or cut short
   */
  public InputStream decrypting(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    byte[] header = new byte[HEADER_BYTES];
    try {
      data.readFully(header);
    } catch (EOFException e) {
      throw new ProtectionException("not an encrypted archive file: too short", e);
    }
    if (!Arrays.equals(Arrays.copyOf(header, 4), MAGIC)) {
      throw new ProtectionException("not an encrypted archive file (no HXA1 header)");
    }
    byte[] id = Arrays.copyOfRange(header, 4, 12);
    ArchiveCipher holder = null;
    if (Arrays.equals(id, keyId)) {
      holder = this;
    } else {
      for (ArchiveCipher older : readable) {
        if (Arrays.equals(id, older.keyId)) {
          holder = older;
        }
      }
    }
    if (holder == null) {
      throw new ProtectionException(
          "the archive file was written under key id "
              + HexFormat.of().formatHex(id)
              + ", which is neither the configured archive key ("
              + keyId()
              + ") nor one it can still read; set HUXIN_ARCHIVE_KEY or HUXIN_DATA_KEY_OLD");
    }
    return new Decrypting(data, header, holder.key);
  }

  private Cipher cipher(int mode, SecretKeySpec with, byte[] header, int chunk, boolean last)
      throws GeneralSecurityException {
    byte[] nonce = new byte[12];
    System.arraycopy(header, 12, nonce, 0, 7);
    ByteBuffer.wrap(nonce, 7, 4).putInt(chunk);
    nonce[11] = (byte) (last ? 1 : 0);
    Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
    c.init(mode, with, new GCMParameterSpec(TAG_BITS, nonce));
    c.updateAAD(header);
    return c;
  }

  private final class Encrypting extends FilterOutputStream {
    private final byte[] header;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream(CHUNK);
    private int chunk;
    private boolean closed;

    Encrypting(OutputStream out, byte[] header) {
      super(out);
      this.header = header;
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (pending.size() == CHUNK) {
          seal(false);
        }
        int n = Math.min(len, CHUNK - pending.size());
        pending.write(b, off, n);
        off += n;
        len -= n;
      }
    }

    private void seal(boolean last) throws IOException {
      try {
        byte[] sealed =
            cipher(Cipher.ENCRYPT_MODE, key, header, chunk++, last).doFinal(pending.toByteArray());
        out.write(ByteBuffer.allocate(4).putInt(sealed.length).array());
        out.write(sealed);
        pending.reset();
      } catch (GeneralSecurityException e) {
        throw new IOException("AES-GCM is unavailable", e);
      }
    }

    @Override
    public void close() throws IOException {
      if (closed) {
        return;
      }
      closed = true;
      seal(true);
      out.close();
    }
  }

  private final class Decrypting extends InputStream {
    private final DataInputStream in;
    private final byte[] header;
    private final SecretKeySpec with;
    private byte[] plain = new byte[0];
    private int position;
    private int chunk;
    private boolean ended;

    Decrypting(DataInputStream in, byte[] header, SecretKeySpec with) {
      this.in = in;
      this.header = header;
      this.with = with;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (position == plain.length) {
        if (ended) {
          return -1;
        }
        next();
      }
      int n = Math.min(len, plain.length - position);
      System.arraycopy(plain, position, b, off, n);
      position += n;
      return n;
    }

    private void next() throws IOException {
      int length;
      try {
        length = in.readInt();
      } catch (EOFException e) {
        throw new ProtectionException("the archive file is cut short (no last chunk)", e);
      }
      if (length < TAG_BITS / 8 || length > CHUNK + TAG_BITS / 8) {
        throw new ProtectionException("the archive file is damaged (chunk " + chunk + ")");
      }
      byte[] sealed = new byte[length];
      try {
        in.readFully(sealed);
      } catch (EOFException e) {
        throw new ProtectionException("the archive file is cut short (chunk " + chunk + ")", e);
      }
      // The last chunk is the one that opens with the "last" nonce; any other fails both.
      plain = open(sealed, false);
      if (plain == null) {
        plain = open(sealed, true);
        if (plain == null) {
          throw new ProtectionException(
              "the archive file was changed (chunk " + chunk + " fails its check); refused");
        }
        ended = true;
        if (in.read() >= 0) {
          throw new ProtectionException("the archive file has bytes after its last chunk");
        }
      }
      chunk++;
      position = 0;
    }

    private byte[] open(byte[] sealed, boolean last) throws IOException {
      try {
        return cipher(Cipher.DECRYPT_MODE, with, header, chunk, last).doFinal(sealed);
      } catch (AEADBadTagException e) {
        return null;
      } catch (GeneralSecurityException e) {
        throw new IOException("AES-GCM is unavailable", e);
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  private static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every Java platform has HmacSHA256", e);
    }
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  private static byte[] decode(String encoded, String source) {
    try {
      byte[] key = Base64.getDecoder().decode(encoded.trim());
      if (key.length != 32) {
        throw new ProtectionException(source + ": must decode to 32 bytes, got " + key.length);
      }
      return key;
    } catch (IllegalArgumentException e) {
      throw new ProtectionException(source + ": not valid base64", e);
    }
  }
}
