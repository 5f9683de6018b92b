package org.huxin.gateway.student;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words a respondent must never read in a heading, a title, the instructions or an answer choice:
 * diagnoses, instrument names and acronyms, and risk. The ASQ's and PHQ-9 item 9's own questions
 * must ask about suicide, so item texts are not checked against this list.
 */
public final class StudentWords {
  /** Chinese words, matched anywhere in a text. */
  public static final List<String> CHINESE =
      List.of("抑郁", "焦虑", "障碍", "症状", "量表", "筛查", "风险", "自杀", "危机", "诊断");

  /** Instrument acronyms, matched case-insensitively as whole words ("WHO-5", not "whole"). */
  public static final List<String> ACRONYMS =
      List.of("PHQ", "GAD", "ASQ", "K10", "WHO", "RSES", "SES", "PSC");

  /**
   * English stems, matched case-insensitively at the start of a word ("depressed", "screening"; not
   * the "ses" of "closest").
   */
  public static final List<String> STEMS =
      List.of(
          "depress",
          "anxiety",
          "anxious",
          "disorder",
          "symptom",
          "scale",
          "screen",
          "risk",
          "suicid",
          "crisis",
          "diagnos",
          "questionnaire");

  private static final List<Pattern> LATIN = latin();

  private StudentWords() {}

  /** The first forbidden word {@code text} contains, if any. */
  public static Optional<String> firstIn(String text) {
    for (String word : CHINESE) {
      if (text.contains(word)) {
        return Optional.of(word);
      }
    }
    for (Pattern p : LATIN) {
      Matcher m = p.matcher(text);
      if (m.find()) {
        return Optional.of(m.group());
      }
    }
    return Optional.empty();
  }

  private static List<Pattern> latin() {
    List<Pattern> out = new ArrayList<>();
    for (String a : ACRONYMS) {
      out.add(Pattern.compile("\\b" + a + "\\b", Pattern.CASE_INSENSITIVE));
    }
    for (String s : STEMS) {
      out.add(Pattern.compile("\\b" + s, Pattern.CASE_INSENSITIVE));
    }
    return List.copyOf(out);
  }
}
