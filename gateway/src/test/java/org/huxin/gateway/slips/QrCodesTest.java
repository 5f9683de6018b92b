package org.huxin.gateway.slips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.zxing.common.BitMatrix;
import org.junit.jupiter.api.Test;

class QrCodesTest {
  private static final String LINK =
      "https://huxin.example.cn/#school=S0102&no=070101&code=B5AC3-EVJH2";

  @Test
  void svg_decodesBackToTheTextAtLevelM() {
    String svg = QrCodes.svg(QrCodes.matrix(LINK), "QR 070101");

    SvgQr.Decoded decoded = SvgQr.decode(svg);

    assertEquals(LINK, decoded.text());
    assertEquals("M", decoded.errorCorrection());
  }

  @Test
  void svg_drawsExactlyTheEncodedModules() {
    BitMatrix matrix = QrCodes.matrix(LINK);

    assertEquals(matrix, SvgQr.modules(QrCodes.svg(matrix, "label")));
  }

  @Test
  void matrix_hasFourModuleQuietZone() {
    BitMatrix matrix = QrCodes.matrix(LINK);
    int[] box = matrix.getEnclosingRectangle(); // left, top, width, height of the dark modules

    assertEquals(4, box[0]);
    assertEquals(4, box[1]);
    assertEquals(matrix.getWidth() - 8, box[2]);
    assertEquals(matrix.getHeight() - 8, box[3]);
  }

  @Test
  void svg_noStyleAttributeAndLabelEscaped() {
    String svg = QrCodes.svg(QrCodes.matrix(LINK), "QR \"<b>\"");

    assertFalse(svg.contains("style="), svg);
    assertTrue(svg.contains("aria-label=\"QR &quot;&lt;b&gt;&quot;\""), svg);
    assertFalse(svg.contains("<b>"), svg);
  }
}
