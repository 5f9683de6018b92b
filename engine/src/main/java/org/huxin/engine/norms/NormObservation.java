package org.huxin.engine.norms;

import java.util.Objects;
import org.huxin.scales.SchoolBand;

/**
 * One raw score of one respondent on one scale or subscale, as a local norm is built from.
 *
 * @param target a scale id ({@code k10}) or subscale id ({@code psc17-parent_att})
 * @param sex {@code F} or {@code M}
 */
public record NormObservation(SchoolBand band, char sex, String target, int raw) {

  public NormObservation {
    Objects.requireNonNull(band, "band");
    Objects.requireNonNull(target, "target");
    if (sex != 'F' && sex != 'M') {
      throw new IllegalArgumentException("sex '" + sex + "' is not F or M");
    }
  }
}
