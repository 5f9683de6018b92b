package org.huxin.gateway.slips;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * QR codes as inline SVG. ZXing encodes the text at error correction level M (15% of the symbol may
 * be lost, enough for a creased slip) with the standard four-module quiet zone; each row's runs of
 * dark modules become one rectangle in a single {@code <path>}, so a code is a few hundred bytes
 * and prints crisp at any size. No {@code style} attribute is used: the page's CSP forbids inline
 * styles, and {@code fill} is a presentation attribute.
 */
public final class QrCodes {
  private static final Map<EncodeHintType, Object> HINTS =
      Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4);

  private QrCodes() {}

  /** The modules of {@code text}'s QR code, quiet zone included (one bit per module). */
  public static BitMatrix matrix(String text) {
    try {
      return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, HINTS);
    } catch (WriterException e) {
      throw new IllegalArgumentException(
          "cannot encode a QR code of " + text.length() + " characters: " + e.getMessage(), e);
    }
  }

  /**
   * {@code matrix} as an {@code <svg>} element with CSS class {@code qr}, one unit per module; the
   * CSS sets its printed size. {@code label} is its accessible name and is escaped here.
   */
  public static String svg(BitMatrix matrix, String label) {
    int width = matrix.getWidth();
    int height = matrix.getHeight();
    StringBuilder out = new StringBuilder(2048);
    out.append("<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" role=\"img\" aria-label=\"");
    Html.appendEscaped(out, label);
    out.append("\" shape-rendering=\"crispEdges\"><rect width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" fill=\"#fff\"/><path fill=\"#000\" d=\"");
    for (int y = 0; y < height; y++) {
      int x = 0;
      while (x < width) {
        if (!matrix.get(x, y)) {
          x++;
          continue;
        }
        int start = x;
        while (x < width && matrix.get(x, y)) {
          x++;
        }
        int run = x - start;
        out.append('M')
            .append(start)
            .append(' ')
            .append(y)
            .append('h')
            .append(run)
            .append("v1h-")
            .append(run)
            .append('z');
      }
    }
    return out.append("\"/></svg>").toString();
  }
}
