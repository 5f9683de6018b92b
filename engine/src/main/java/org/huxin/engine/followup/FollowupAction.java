package org.huxin.engine.followup;

import java.util.Locale;

/** A step in the follow-up ledger; {@link #code()} is the stored value. */
public enum FollowupAction {
  INTERVIEW,
  PARENT_INFORMED,
  REFERRED,
  HOSPITAL_FEEDBACK,
  CLOSED;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static FollowupAction fromCode(String code) {
    for (FollowupAction action : values()) {
      if (action.code().equals(code)) {
        return action;
      }
    }
    throw new IllegalArgumentException(
        "follow-up action '"
            + code
            + "' is unknown; use interview, parent_informed, referred, hospital_feedback or"
            + " closed");
  }
}
