package org.huxin.gateway.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A 32-byte secret taken from an environment variable (base64), or else generated once into a file
 * under the Huxin home and reused, with a loud warning that it is for development only.
 */
final class DevSecret {
  private static final Logger LOG = LoggerFactory.getLogger(DevSecret.class);

  private DevSecret() {}

  static byte[] load(Map<String, String> env, String variable, Path home, String fileName) {
    String configured = env.get(variable);
    if (configured != null && !configured.isBlank()) {
      byte[] secret = Base64.getDecoder().decode(configured.trim());
      if (secret.length < 32) {
        throw new IllegalArgumentException(variable + " must be base64 of at least 32 bytes");
      }
      return secret;
    }
    Path file = home.resolve(fileName);
    try {
      if (Files.exists(file)) {
        return Base64.getDecoder().decode(Files.readString(file).trim());
      }
      byte[] secret = new byte[32];
      new SecureRandom().nextBytes(secret);
      Files.createDirectories(home);
      Files.writeString(
          file, Base64.getEncoder().encodeToString(secret), StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException notPosix) {
        // The file still works; only its permissions could not be narrowed.
      }
      LOG.warn(
          "\n************************************************************************\n"
              + "* {} is not set: generated a DEVELOPMENT secret in {}.\n"
              + "* Never run a real screening window like this. Set {} (base64, 32 bytes)\n"
              + "* to the same value on every gateway node.\n"
              + "************************************************************************",
          variable,
          file,
          variable);
      return secret;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create " + file, e);
    }
  }
}
