package org.huxin.gateway.staff;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.otp.Authenticator;
import io.vertx.ext.auth.otp.OtpCredentials;
import io.vertx.ext.auth.otp.OtpKey;
import io.vertx.ext.auth.otp.OtpKeyGenerator;
import io.vertx.ext.auth.otp.totp.TotpAuth;
import io.vertx.ext.auth.otp.totp.TotpAuthOptions;
import java.util.Base64;
import java.util.Map;
import org.huxin.engine.store.NameCipher;
import org.huxin.engine.store.NameCipherException;
import org.huxin.gateway.http.ApiException;

/**
 * The optional TOTP second factor (RFC 6238: six digits, 30 s steps, HMAC-SHA1; what every
 * authenticator app reads from an {@code otpauth://} QR code), through {@code vertx-auth-otp}.
 *
 * <p>Enrolment is two steps and keeps nothing on the node between them, so the second may reach
 * another node: {@link #begin} makes a secret and answers it as an {@code otpauth} URI, a QR code
 * (ZXing; its modules as one SVG path, which the console draws) and a sealed copy (the account id
 * and the secret under the data key, AES-GCM, so it cannot be altered or moved to another account);
 * {@link #confirm} opens the sealed copy and stores the secret, encrypted under the data key, only
 * once a code made from it checks. Codes are checked against the system clock, as the library reads
 * it.
 */
public final class SecondFactor {
  static final String ISSUER = "护心";

  private final TotpAuth totp;
  private final NameCipher cipher;

  public SecondFactor(NameCipher cipher) {
    this.totp = TotpAuth.create(new TotpAuthOptions().setPasswordLength(6).setPeriod(30));
    this.cipher = cipher;
  }

  /**
   * A new secret for {@code accountId}: its URI, its QR code ({@code size} modules square, the dark
   * ones as SVG path data) and its sealed copy.
   */
  record Enrolment(String uri, int qrSize, String qrPath, String sealed) {}

  Enrolment begin(long accountId, String username) {
    OtpKey key = OtpKeyGenerator.create().generate();
    String uri = totp.generateUri(key, ISSUER, username);
    String sealed =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(cipher.encrypt(accountId + ":" + key.getKey()));
    BitMatrix qr = qr(uri);
    return new Enrolment(uri, qr.getWidth(), path(qr), sealed);
  }

  private static BitMatrix qr(String text) {
    try {
      return new QRCodeWriter()
          .encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(EncodeHintType.MARGIN, 4));
    } catch (WriterException e) {
      throw new IllegalStateException("an otpauth URI fits a QR code", e);
    }
  }

  /** Each row's runs of dark modules as rectangles of one path. */
  private static String path(BitMatrix m) {
    StringBuilder d = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); ) {
        if (!m.get(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < m.getWidth() && m.get(x, y)) {
          x++;
        }
        d.append('M').append(start).append(' ').append(y);
        d.append('h').append(x - start).append("v1h-").append(x - start).append('z');
      }
    }
    return d.toString();
  }

  /** The secret of a sealed enrolment of {@code accountId}; 400 when it is not one. */
  String open(String sealed, long accountId) {
    try {
      String plain = cipher.decrypt(Base64.getUrlDecoder().decode(sealed));
      String prefix = accountId + ":";
      if (!plain.startsWith(prefix)) {
        throw new IllegalArgumentException("another account's enrolment");
      }
      return plain.substring(prefix.length());
    } catch (IllegalArgumentException | NameCipherException e) {
      throw ApiException.badRequest("bad_enrolment", "这次绑定已失效，请重新开始。");
    }
  }

  /** The stored form of a secret: encrypted under the data key. */
  byte[] seal(String secret) {
    return cipher.encrypt(secret);
  }

  /** Whether {@code code} is the current code of the stored (encrypted) secret. */
  Future<Boolean> check(byte[] storedSecret, String code) {
    return check(cipher.decrypt(storedSecret), code);
  }

  /** Whether {@code code} is the current code of {@code secret} (base32). */
  Future<Boolean> check(String secret, String code) {
    if (code == null || !code.matches("[0-9]{6}")) {
      return Future.succeededFuture(false);
    }
    TotpAuth auth =
        TotpAuth.create(new TotpAuthOptions().setPasswordLength(6).setPeriod(30))
            .authenticatorFetcher(
                id ->
                    Future.succeededFuture(
                        new Authenticator()
                            .setIdentifier(id)
                            .setKey(secret)
                            .setAlgorithm("SHA1")
                            .setPeriod(30)))
            .authenticatorUpdater(a -> Future.succeededFuture());
    return auth.authenticate(new OtpCredentials("staff", code)).map(user -> true).otherwise(false);
  }

  /** The answer of {@link #begin}, for the console. */
  static JsonObject json(Enrolment e) {
    return new JsonObject()
        .put("uri", e.uri())
        .put("qrSize", e.qrSize())
        .put("qrPath", e.qrPath())
        .put("enrolment", e.sealed());
  }
}
