package org.huxin.engine.protect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link RetentionBatch} reads an archive file back before it trusts it. */
class ArchiveFileTest {

  @TempDir Path dir;

  @Test
  void verify_countsRecordsWithQuotedNewlines() throws Exception {
    Path file = gzip("id,note\n1,\"two\nlines, \"\"quoted\"\"\"\n2,x\n");

    RetentionBatch.Verified verified = RetentionBatch.verify(file);

    assertEquals(2, verified.records());
    assertEquals(sha256(file), verified.sha256());
  }

  @Test
  void verify_headerOnly_zeroRecords() throws Exception {
    assertEquals(0, RetentionBatch.verify(gzip("id,window_id\n")).records());
  }

  @Test
  void verify_corruptedFile_throws() throws Exception {
    Path file = gzip("id\n1\n");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 1] ^= 1;
    Files.write(file, bytes);

    assertThrows(IOException.class, () -> RetentionBatch.verify(file));
  }

  private Path gzip(String csv) throws IOException {
    Path file = Files.createTempFile(dir, "t", ".csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(csv.getBytes(StandardCharsets.UTF_8));
    }
    return file;
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
