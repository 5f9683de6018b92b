package org.huxin.gateway.slips;

import java.util.Objects;

/**
 * What one printed slip carries. {@link #toString()} leaves the name and the code out.
 *
 * @param loginLink the pre-filled login address the QR code encodes
 * @param qrSvg the QR code of {@code loginLink}, already rendered as an {@code <svg>} element
 * @param consent whether a guardian has consented; the slip is marked when not
 */
record Slip(
    String studentNo,
    String name,
    String accessCode,
    boolean consent,
    String loginLink,
    String qrSvg) {

  Slip {
    Objects.requireNonNull(studentNo, "studentNo");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(accessCode, "accessCode");
    Objects.requireNonNull(loginLink, "loginLink");
    Objects.requireNonNull(qrSvg, "qrSvg");
    if (!qrSvg.startsWith("<svg")) {
      throw new IllegalArgumentException("qrSvg must be an <svg> element");
    }
  }

  @Override
  public String toString() {
    return "Slip[no " + studentNo + ", consent " + consent + "]";
  }
}
