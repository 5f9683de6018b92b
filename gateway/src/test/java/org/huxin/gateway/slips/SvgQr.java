package org.huxin.gateway.slips;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.ResultMetadataType;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads QR codes back out of the SVG that {@link QrCodes#svg} writes: the path's rectangles are
 * painted into a bitmap (4 pixels a module) and decoded with ZXing's reader, so a test checks what
 * a phone would scan, not what the encoder meant to draw. The reader is told the image is a pure,
 * unrotated code: its finder-pattern search on such clean images misses about one code in 200
 * (measured over 3,000 random slip links), which would make the page tests flaky; the pure-barcode
 * path still reads the format bits, corrects errors and decodes the data (0 misses in 20,000).
 */
public final class SvgQr {
  private static final Pattern SVG = Pattern.compile("<svg class=\"qr\".*?</svg>", Pattern.DOTALL);
  private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
  private static final Pattern PATH = Pattern.compile("<path fill=\"#000\" d=\"([^\"]*)\"");
  private static final Pattern RUN = Pattern.compile("M(\\d+) (\\d+)h(\\d+)v1h-(\\d+)z");
  private static final int SCALE = 4;

  /** What one code decoded to. */
  public record Decoded(String text, String errorCorrection) {}

  private SvgQr() {}

  /** Every {@code <svg class="qr">} element in {@code html}, in document order. */
  public static List<String> svgs(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = SVG.matcher(html);
    while (m.find()) {
      out.add(m.group());
    }
    return out;
  }

  /** The modules drawn by one SVG element. */
  static BitMatrix modules(String svg) {
    Matcher box = VIEW_BOX.matcher(svg);
    Matcher path = PATH.matcher(svg);
    if (!box.find() || !path.find()) {
      throw new AssertionError("not a QR svg: " + svg);
    }
    BitMatrix matrix =
        new BitMatrix(Integer.parseInt(box.group(1)), Integer.parseInt(box.group(2)));
    Matcher run = RUN.matcher(path.group(1));
    int end = 0;
    while (run.find()) {
      if (run.start() != end || !run.group(3).equals(run.group(4))) {
        throw new AssertionError("unexpected path data at " + end + ": " + path.group(1));
      }
      matrix.setRegion(
          Integer.parseInt(run.group(1)),
          Integer.parseInt(run.group(2)),
          Integer.parseInt(run.group(3)),
          1);
      end = run.end();
    }
    if (end != path.group(1).length()) {
      throw new AssertionError("trailing path data: " + path.group(1).substring(end));
    }
    return matrix;
  }

  /** Decodes the code one SVG element draws. */
  public static Decoded decode(String svg) {
    BitMatrix modules = modules(svg);
    int width = modules.getWidth() * SCALE;
    int height = modules.getHeight() * SCALE;
    int[] pixels = new int[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        pixels[y * width + x] = modules.get(x / SCALE, y / SCALE) ? 0xFF000000 : 0xFFFFFFFF;
      }
    }
    try {
      Result result =
          new QRCodeReader()
              .decode(
                  new BinaryBitmap(
                      new HybridBinarizer(new RGBLuminanceSource(width, height, pixels))),
                  Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE));
      Object level = result.getResultMetadata().get(ResultMetadataType.ERROR_CORRECTION_LEVEL);
      return new Decoded(result.getText(), String.valueOf(level));
    } catch (NotFoundException | ChecksumException | FormatException e) {
      throw new AssertionError("the QR code does not decode: " + e, e);
    }
  }
}
