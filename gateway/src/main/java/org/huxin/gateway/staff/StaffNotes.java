package org.huxin.gateway.staff;

import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import org.huxin.scales.Battery;
import org.huxin.scales.LocalizedText;
import org.huxin.scales.ScaleLibrary;

/**
 * What staff read beside every result of a battery that carries a staff note (grades 4–6: "本地改编表述，
 * 界值未在该年龄验证，结果仅供初筛"), as the JSON the console shows: {@code {"zh": …, "en": …}}, or null for a
 * battery without one. Decided by the scale files, never by grade; built once.
 */
public final class StaffNotes {

  private final Map<String, JsonObject> byBattery;

  private StaffNotes(Map<String, JsonObject> byBattery) {
    this.byBattery = byBattery;
  }

  /** The notes of every battery of {@code library} that has one. */
  public static StaffNotes of(ScaleLibrary library) {
    Map<String, JsonObject> notes = new HashMap<>();
    for (Battery battery : library.batteries()) {
      if (battery.staffNote() != null) {
        notes.put(
            battery.id(),
            new JsonObject()
                .put("zh", battery.staffNote(LocalizedText.ZH_CN))
                .put("en", battery.staffNote(LocalizedText.EN)));
      }
    }
    return new StaffNotes(Map.copyOf(notes));
  }

  /** The note of a result scored with {@code batteryId} (a fresh copy), or null. */
  public JsonObject of(String batteryId) {
    JsonObject note = batteryId == null ? null : byBattery.get(batteryId);
    return note == null ? null : note.copy();
  }
}
