package org.huxin.scales;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.huxin.scales.Condition.Comparison;
import org.huxin.scales.Condition.Op;
import org.huxin.scales.Condition.Target;
import org.junit.jupiter.api.Test;

/** The shipped files say what SCALES.md and the published forms say. */
class ShippedScalesTest {

  private static final ScaleLibrary LIBRARY = ScaleLibrary.loadDefault();
  private static final String PFIZER =
      "No permission required to reproduce, translate, display or distribute.";
  private static final String PRIMARY = LocalizedText.ZH_CN_PRIMARY;

  @Test
  void loadDefault_listsEveryFile() {
    assertEquals(
        List.of(
            "phq9",
            "gad7",
            "who5",
            "asq",
            "k10",
            "rses",
            "psc17-parent",
            "psc17-teacher",
            "selfharm-proxy"),
        LIBRARY.scales().stream().map(Scale::id).toList());
    assertEquals(
        List.of("g1-3-teacher", "g1-3-parent", "g4-6", "g7-9", "g10-12"),
        LIBRARY.batteries().stream().map(Battery::id).toList());
    assertEquals(
        List.of(TierRuleSet.DEFAULT_ID, "adolescent-phq9-11"),
        LIBRARY.ruleSets().stream().map(TierRuleSet::id).toList());
    assertEquals(
        List.of("k10-cn-2023", "psc17-us-2012"),
        LIBRARY.normSets().stream().map(NormSet::id).toList());
    assertEquals("default", LIBRARY.validity().id());
  }

  @Test
  void everyScale_carriesSourceLicenceAndBothLocales() {
    for (Scale scale : LIBRARY.scales()) {
      assertFalse(scale.source().citation().isBlank(), scale.id());
      assertFalse(scale.source().translation().isBlank(), scale.id());
      assertFalse(scale.licence().isBlank(), scale.id());
      for (Item item : scale.items()) {
        assertTrue(item.text().has("zh-CN") && item.text().has("en"), item.id());
        assertEquals(item.text().has(PRIMARY), item.localWording().contains(PRIMARY), item.id());
      }
    }
  }

  @Test
  void phq9_publishedForm() {
    Scale phq9 = LIBRARY.scale("phq9");
    assertEquals("PHQ-9", phq9.shortName());
    assertItems(phq9, 9, List.of(), List.of(9));
    assertEquals(
        "Thoughts that you would be better off dead or of hurting yourself in some way",
        en(phq9, "phq9_9"));
    assertEquals("有不如死掉或用某种方式伤害自己的念头", phq9.item("phq9_9").orElseThrow().text().get("zh-CN"));
    assertFrequencyOptions(phq9);
    assertRange(phq9, 0, 27);
    assertBands(
        phq9,
        "minimal 0–4",
        "mild 5–9",
        "moderate 10–14",
        "moderately_severe 15–19",
        "severe 20–27");
    assertEquals(MissingRule.invalid(), phq9.scoring().missing());
    assertEquals(Scoring.Direction.SYMPTOM, phq9.scoring().direction());
    assertTrue(phq9.licence().endsWith(PFIZER));
    assertTrue(phq9.source().citation().startsWith("Kroenke K, Spitzer RL, Williams JBW."));
    assertEquals(List.of(), phq9.subscales());
  }

  @Test
  void gad7_publishedForm() {
    Scale gad7 = LIBRARY.scale("gad7");
    assertEquals("GAD-7", gad7.shortName());
    assertItems(gad7, 7, List.of(), List.of());
    assertEquals("Trouble relaxing", en(gad7, "gad7_4"));
    assertFrequencyOptions(gad7);
    assertRange(gad7, 0, 21);
    assertBands(gad7, "minimal 0–4", "mild 5–9", "moderate 10–14", "severe 15–21");
    assertEquals(MissingRule.invalid(), gad7.scoring().missing());
    assertTrue(gad7.licence().endsWith(PFIZER));
    assertTrue(gad7.source().citation().startsWith("Spitzer RL, Kroenke K, Williams JBW, Löwe B."));
  }

  @Test
  void who5_publishedForm() {
    Scale who5 = LIBRARY.scale("who5");
    assertItems(who5, 5, List.of(), List.of());
    assertEquals("I have felt cheerful and in good spirits", en(who5, "who5_1"));
    assertEquals("My daily life has been filled with things that interest me", en(who5, "who5_5"));
    assertEquals(List.of(0, 1, 2, 3, 4, 5), values(who5));
    assertEquals("At no time", who5.options().get(0).label().get("en"));
    assertEquals("All of the time", who5.options().get(5).label().get("en"));
    assertRange(who5, 0, 25);
    assertEquals(4, who5.scoring().multiplier());
    assertEquals(Scoring.Direction.WELLBEING, who5.scoring().direction());
    // ≤ 28 % (raw 7) likely depression; ≤ 50 % (raw 12) poor wellbeing
    assertBands(who5, "likely_depression 0–7", "poor 8–12", "adequate 13–25");
    assertTrue(who5.licence().contains("altered wording must be marked"));
  }

  @Test
  void asq_publishedForm() {
    Scale asq = LIBRARY.scale("asq");
    assertItems(asq, 5, List.of(), List.of(1, 2, 3, 4, 5));
    assertEquals("In the past few weeks, have you wished you were dead?", en(asq, "asq_1"));
    assertEquals(
        "In the past week, have you been having thoughts about killing yourself?",
        en(asq, "asq_3"));
    assertEquals("Have you ever tried to kill yourself?", en(asq, "asq_4"));
    assertEquals("Are you having thoughts of killing yourself right now?", en(asq, "asq_5"));
    assertEquals(List.of("No", "Yes"), labels(asq));
    for (int n = 1; n <= 4; n++) {
      assertNull(asq.item("asq_" + n).orElseThrow().showIf());
    }
    assertEquals(new ShowIf(List.of(1, 2, 3, 4), 1), asq.item("asq_5").orElseThrow().showIf());
    assertRange(asq, 0, 5);
    assertBands(asq, "negative 0–0", "positive 1–5");
    assertTrue(asq.licence().contains("US federal government"));
  }

  @Test
  void k10_publishedForm() {
    Scale k10 = LIBRARY.scale("k10");
    assertItems(k10, 10, List.of(), List.of());
    assertEquals(
        "During the last 30 days, about how often did you feel tired out for no good reason?",
        en(k10, "k10_1"));
    assertEquals(
        "During the last 30 days, about how often did you feel worthless?", en(k10, "k10_10"));
    assertEquals(List.of(1, 2, 3, 4, 5), values(k10));
    assertEquals("None of the time", k10.options().get(0).label().get("en"));
    assertEquals("All of the time", k10.options().get(4).label().get("en"));
    assertRange(k10, 10, 50);
    assertBands(k10, "none 10–19", "mild 20–24", "moderate 25–29", "severe 30–50");
    assertEquals(MissingRule.prorate(1), k10.scoring().missing());
    assertTrue(k10.licence().contains("© World Health Organization 2003"));
    assertTrue(k10.source().citation().contains("中华流行病学杂志, 2023, 44(10): 1537-1544"));
  }

  @Test
  void rses_chineseVersionKeying() {
    Scale rses = LIBRARY.scale("rses");
    assertItems(rses, 10, List.of(3, 5, 8, 9, 10), List.of());
    assertEquals("All in all, I am inclined to feel that I am a failure.", en(rses, "rses_3"));
    assertEquals("At times I think I am no good at all.", en(rses, "rses_10"));
    assertEquals(
        "I feel that I'm a person of worth, at least on an equal plane with others.",
        en(rses, "rses_1"));
    assertEquals(List.of("Strongly disagree", "Disagree", "Agree", "Strongly agree"), labels(rses));
    assertRange(rses, 0, 30);
    assertBands(rses, "low 0–14", "normal 15–25", "high 26–30");
    assertEquals(Scoring.Direction.WELLBEING, rses.scoring().direction());
    assertTrue(rses.source().translation().startsWith("Version shipped:"));
    assertTrue(rses.licence().startsWith("Public domain"));
  }

  /** The published PSC-17 subscale lists, by item text (MGH scoring instructions). */
  private static final Map<String, List<String>> PSC17_SUBSCALES =
      Map.of(
          "int",
          List.of(
              "Feels sad, unhappy",
              "Feels hopeless",
              "Is down on him or herself",
              "Seems to be having less fun",
              "Worries a lot"),
          "att",
          List.of(
              "Fidgety, unable to sit still",
              "Daydreams too much",
              "Has trouble concentrating",
              "Acts as if driven by a motor",
              "Distracted easily"),
          "ext",
          List.of(
              "Refuses to share",
              "Does not understand other people's feelings",
              "Fights with other children",
              "Blames others for his or her troubles",
              "Does not listen to rules",
              "Teases others",
              "Takes things that do not belong to him or her"));

  @Test
  void psc17_subscalesMappedByItemText() {
    for (String form : List.of("parent", "teacher")) {
      Scale psc = LIBRARY.scale("psc17-" + form);
      assertItems(psc, 17, List.of(), List.of());
      assertEquals(List.of("Never", "Sometimes", "Often"), labels(psc));
      assertEquals(List.of(0, 1, 2), values(psc));
      assertRange(psc, 0, 34);
      assertEquals(MissingRule.sum(3), psc.scoring().missing());
      assertTrue(psc.licence().contains("may be freely reproduced"));
      Map<String, Item> byId =
          psc.items().stream().collect(Collectors.toMap(Item::id, item -> item));
      for (Map.Entry<String, List<String>> e : PSC17_SUBSCALES.entrySet()) {
        Subscale sub = psc.subscale(psc.id() + "_" + e.getKey()).orElseThrow();
        assertEquals(
            e.getValue().stream().sorted().toList(),
            sub.itemIds().stream().map(id -> byId.get(id).text().get("en")).sorted().toList(),
            sub.id());
      }
      assertEquals(
          List.of("negative 0–4", "positive 5–10"), bands(psc.subscale(psc.id() + "_int")));
      assertEquals(
          List.of("negative 0–6", "positive 7–10"), bands(psc.subscale(psc.id() + "_att")));
      assertEquals(
          List.of("negative 0–6", "positive 7–14"), bands(psc.subscale(psc.id() + "_ext")));
    }
    assertEquals(
        "Fidgety, unable to sit still", en(LIBRARY.scale("psc17-parent"), "psc17-parent_fidgety"));
    assertBands(LIBRARY.scale("psc17-parent"), "negative 0–14", "positive 15–34");
    assertBands(LIBRARY.scale("psc17-teacher"), "negative 0–16", "positive 17–34");
  }

  @Test
  void everyScale_hasNeutralStudentTitle() {
    Map<String, String> zh = new LinkedHashMap<>();
    Map<String, String> en = new LinkedHashMap<>();
    for (Scale scale : LIBRARY.scales()) {
      LocalizedText student = scale.studentTitle();
      assertTrue(student.has("zh-CN") && student.has("en"), scale.id());
      zh.put(scale.id(), student.get("zh-CN"));
      en.put(scale.id(), student.get("en"));
      for (String locale : List.of("zh-CN", "en", PRIMARY)) {
        String text = student.get(locale);
        assertNotEquals(scale.title().get(locale), text, scale.id() + " " + locale);
        String lower = text.toLowerCase(java.util.Locale.ROOT);
        assertFalse(
            lower.contains(scale.shortName().toLowerCase(java.util.Locale.ROOT)),
            scale.id() + ": student title names the instrument: " + text);
        for (String word : INSTRUMENT_WORDS) {
          assertFalse(lower.contains(word), scale.id() + ": student title says " + word);
        }
      }
    }
    assertEquals(
        Map.of(
            "phq9", "最近两周的心情",
            "gad7", "最近两周的紧张和担心",
            "who5", "最近两周的感受",
            "asq", "几个重要的问题",
            "k10", "最近一个月的感受",
            "rses", "我怎么看自己",
            "psc17-parent", "孩子最近的情况",
            "psc17-teacher", "这名学生在校的情况",
            "selfharm-proxy", "孩子的安全"),
        zh);
    assertEquals("Your mood over the last two weeks", en.get("phq9"));
    assertEquals("How this pupil has been at school", en.get("psc17-teacher"));
  }

  @Test
  void wording_primaryOptionsAnswerTheInstructionsQuestion() {
    List<String> days = List.of("一天也没有", "有几天", "超过一半的天数", "几乎每天");
    for (String id : List.of("phq9", "gad7")) {
      Scale scale = LIBRARY.scale(id);
      assertTrue(scale.instructions().get(PRIMARY).contains("你有多少天是这样的？"), id);
      assertEquals(days, labels(scale, PRIMARY), id);
    }
    Scale who5 = LIBRARY.scale("who5");
    assertTrue(who5.instructions().get(PRIMARY).contains("你有多少时候是这样的？"));
    assertEquals(
        List.of("从来没有", "有时候", "不到一半的时间", "超过一半的时间", "大部分时间", "一直都是"), labels(who5, PRIMARY));
    assertEquals(List.of("从未有过", "有时候"), labels(who5, "zh-CN").subList(0, 2));
  }

  @Test
  void wording_driftsFixed() {
    Scale phq9 = LIBRARY.scale("phq9");
    assertEquals("做事情时没什么兴趣，也不觉得有意思", text(phq9, "phq9_1", PRIMARY));
    assertEquals("很难集中注意力，比如看书或看电视的时候", text(phq9, "phq9_7", PRIMARY));
    assertEquals("我的日常生活里有很多让我感兴趣的事情", text(LIBRARY.scale("who5"), "who5_5", PRIMARY));
    for (String id : List.of("psc17-parent", "psc17-teacher")) {
      assertEquals("担心很多事", text(LIBRARY.scale(id), id + "_worries", "zh-CN"), id);
    }
    Scale rses = LIBRARY.scale("rses");
    Item item8 = rses.item("rses_8").orElseThrow();
    assertEquals("我对自己不够尊重。", item8.text().get("zh-CN"));
    assertEquals("I wish I could have more respect for myself.", item8.text().get("en"));
    assertTrue(item8.reverse());
    assertEquals(List.of("zh-CN"), item8.localWording());
    assertTrue(rses.source().translation().contains("r = 0.05"));
    for (String id : List.of("phq9", "gad7", "who5", "psc17-parent", "psc17-teacher", "rses")) {
      assertTrue(
          LIBRARY.scale(id).source().translation().contains(LIBRARY.scale(id).version() + ":"),
          id + ": the translation note records the change under the file's version");
    }
  }

  private static List<String> labels(Scale scale, String locale) {
    return scale.options().stream().map(o -> o.label().get(locale)).toList();
  }

  private static String text(Scale scale, String itemId, String locale) {
    return scale.item(itemId).orElseThrow().text().get(locale);
  }

  /** Words no student title may hold (lower case): diagnoses, instrument names, risk. */
  private static final List<String> INSTRUMENT_WORDS =
      List.of(
          "抑郁",
          "焦虑",
          "障碍",
          "症状",
          "量表",
          "筛查",
          "风险",
          "自杀",
          "危机",
          "诊断",
          "phq",
          "gad",
          "asq",
          "k10",
          "who",
          "rses",
          "ses",
          "psc",
          "depress",
          "anxiety",
          "disorder",
          "symptom",
          "scale",
          "screen",
          "risk",
          "suicide",
          "crisis",
          "diagnos",
          "questionnaire");

  @Test
  void selfharmProxy_twoLocalItemsWithATimeFrame_talkAndAct() {
    Scale proxy = LIBRARY.scale("selfharm-proxy");
    assertEquals("2.0.0", proxy.version());
    assertEquals(2, proxy.items().size());
    for (Item item : proxy.items()) {
      assertTrue(item.local(), item.id());
      assertTrue(item.critical(), item.id());
      assertEquals(1, item.crisisFrom(), item.id());
      assertEquals(List.of("zh-CN", "en"), item.localWording(), item.id());
      assertTrue(item.text().get("zh-CN").startsWith("最近一个月，"), item.id());
      assertTrue(item.text().get("en").startsWith("In the past month, "), item.id());
    }
    assertEquals("最近一个月，孩子有没有说过想伤害自己或不想活了的话？", proxy.items().get(0).text().get("zh-CN"));
    assertEquals(
        "In the past month, has the child talked about hurting themselves or not wanting to live?",
        proxy.items().get(0).text().get("en"));
    assertEquals("最近一个月，孩子有没有做过伤害自己的事？", proxy.items().get(1).text().get("zh-CN"));
    assertEquals(
        "In the past month, has the child done something to hurt themselves on purpose?",
        proxy.items().get(1).text().get("en"));
    assertEquals(List.of("No", "Yes"), labels(proxy));
    assertRange(proxy, 0, 2);
    assertTrue(proxy.source().citation().startsWith("Huxin local item"));
    assertTrue(proxy.source().translation().contains("2.0.0:"));
    assertEquals("2.1.0", LIBRARY.battery("g1-3-teacher").version());
    assertEquals("2.1.0", LIBRARY.battery("g1-3-parent").version());
  }

  @Test
  void primaryWording_everyG46ScaleMarkedLocal() {
    Battery g46 = LIBRARY.battery("g4-6");
    assertTrue(g46.primaryWording());
    for (String scaleId : g46.scaleIds()) {
      Scale scale = LIBRARY.scale(scaleId);
      assertFalse(scale.title().has(PRIMARY), scaleId + ": title is the staff's instrument name");
      assertTrue(scale.instructions().has(PRIMARY), scaleId);
      assertTrue(scale.source().translation().contains("zh-CN-primary"), scaleId);
      for (Item item : scale.items()) {
        assertEquals(List.of(PRIMARY), item.localWording(), item.id());
        assertFalse(item.text().get(PRIMARY).equals(item.text().get("zh-CN")), item.id());
      }
    }
  }

  @Test
  void batteries_byBand() {
    assertBattery("g1-3-teacher", "teacher", SchoolBand.G1_3, "psc17-teacher", "selfharm-proxy");
    assertBattery("g1-3-parent", "parent", SchoolBand.G1_3, "psc17-parent", "selfharm-proxy");
    assertBattery("g4-6", "self", SchoolBand.G4_6, "phq9", "gad7", "who5", "asq");
    for (String id : List.of("g7-9", "g10-12")) {
      assertBattery(
          id,
          "self",
          SchoolBand.ofId(id.substring(1)),
          "phq9",
          "gad7",
          "who5",
          "asq",
          "k10",
          "rses");
      assertFalse(LIBRARY.battery(id).primaryWording());
    }
    assertEquals("zh-CN-primary", LIBRARY.battery("g4-6").textLocale("zh-CN"));
    assertEquals("en", LIBRARY.battery("g4-6").textLocale("en"));
    assertEquals("zh-CN", LIBRARY.battery("g7-9").textLocale("zh-CN"));
  }

  private static void assertBattery(String id, String form, SchoolBand band, String... scales) {
    Battery battery = LIBRARY.battery(id);
    assertEquals(form, battery.form(), id);
    assertEquals(band, battery.band(), id);
    assertEquals(List.of(scales), battery.scaleIds(), id);
  }

  @Test
  void defaultRules_scalesMdTriggers() {
    List<TierRule> rules = LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID).rules();
    Map<String, Integer> tiers =
        rules.stream().collect(Collectors.toMap(TierRule::id, TierRule::tier));
    assertEquals(
        Map.ofEntries(
            Map.entry("crisis_asq_acute", 3),
            Map.entry("crisis_asq_phq9_item9", 3),
            Map.entry("crisis_phq9_item9", 3),
            Map.entry("crisis_selfharm_proxy_talk", 3),
            Map.entry("crisis_selfharm_proxy_act", 3),
            Map.entry("crisis_asq_positive", 3),
            Map.entry("close_phq9_item9", 2),
            Map.entry("close_phq9_total", 2),
            Map.entry("close_gad7_total", 2),
            Map.entry("close_k10_total", 2),
            Map.entry("key_phq9_total", 1),
            Map.entry("key_gad7_total", 1),
            Map.entry("key_k10_total", 1),
            Map.entry("key_who5_low", 1),
            Map.entry("key_psc17_parent", 1),
            Map.entry("key_psc17_teacher", 1),
            Map.entry("key_t70", 1)),
        tiers);
    assertEquals(Comparison.of(Target.ITEM, "asq_5", Op.EQ, 1), rule(rules, "crisis_asq_acute"));
    assertEquals(Comparison.of(Target.ITEM, "phq9_9", Op.GE, 2), rule(rules, "crisis_phq9_item9"));
    assertEquals(
        Comparison.of(Target.ITEM, "selfharm-proxy_1", Op.EQ, 1),
        rule(rules, "crisis_selfharm_proxy_talk"));
    assertEquals(
        Comparison.of(Target.ITEM, "selfharm-proxy_2", Op.EQ, 1),
        rule(rules, "crisis_selfharm_proxy_act"));
    for (String id : List.of("crisis_selfharm_proxy_talk", "crisis_selfharm_proxy_act")) {
      TierRule proxyRule = rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow();
      assertTrue(proxyRule.explanation().get("zh-CN").contains("最近一个月"), id);
      assertTrue(proxyRule.explanation().get("en").contains("in the past month"), id);
    }
    assertEquals(Comparison.of(Target.SCALE, "k10", Op.GE, 30), rule(rules, "close_k10_total"));
    assertEquals(Comparison.between(Target.SCALE, "k10", 25, 29), rule(rules, "key_k10_total"));
    assertEquals(Comparison.of(Target.SCALE, "who5", Op.LE, 7), rule(rules, "key_who5_low"));
    assertEquals(Comparison.of(Target.T, Target.ANY, Op.GE, 70), rule(rules, "key_t70"));
    Condition asqYes =
        new Condition.Any(
            List.of(
                Comparison.of(Target.ITEM, "asq_1", Op.EQ, 1),
                Comparison.of(Target.ITEM, "asq_2", Op.EQ, 1),
                Comparison.of(Target.ITEM, "asq_3", Op.EQ, 1),
                Comparison.of(Target.ITEM, "asq_4", Op.EQ, 1)));
    assertEquals(asqYes, rule(rules, "crisis_asq_positive"));
    Map<String, CrisisLevel> levels = new java.util.HashMap<>();
    for (TierRule r : rules) {
      if (r.level() != null) {
        levels.put(r.id(), r.level());
      }
    }
    assertEquals(
        Map.of(
            "crisis_asq_acute", CrisisLevel.MAJOR,
            "crisis_asq_phq9_item9", CrisisLevel.SERIOUS,
            "crisis_phq9_item9", CrisisLevel.SERIOUS,
            "crisis_selfharm_proxy_talk", CrisisLevel.SERIOUS,
            "crisis_selfharm_proxy_act", CrisisLevel.SERIOUS,
            "crisis_asq_positive", CrisisLevel.GENERAL),
        levels,
        "SCALES.md, crisis levels");
    TierRuleSet set = LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID);
    assertEquals(java.time.Duration.ofMinutes(10), set.escalateAfter(CrisisLevel.MAJOR));
    assertEquals(java.time.Duration.ofMinutes(30), set.escalateAfter(CrisisLevel.SERIOUS));
    assertEquals(java.time.Duration.ofHours(2), set.escalateAfter(CrisisLevel.GENERAL));
    assertEquals(
        new Condition.All(List.of(asqYes, Comparison.of(Target.ITEM, "phq9_9", Op.GE, 1))),
        rule(rules, "crisis_asq_phq9_item9"));
    assertEquals(
        Comparison.of(Target.SCALE, "psc17-teacher", Op.GE, 17),
        rule(rules, "key_psc17_teacher"),
        "Liu J et al. 2024: total 17 only; the subscale cut-offs are not validated for teachers");
    for (TierRule r : rules) {
      assertTrue(r.explanation().get("zh-CN").startsWith(TierRule.FACTS), r.id());
      assertTrue(r.explanation().get("en").startsWith(TierRule.FACTS), r.id());
    }
  }

  @Test
  void criticalItems_refusalAndCrisisFloors() {
    Scale asq = LIBRARY.scale("asq");
    for (Item item : asq.items()) {
      assertEquals(1, item.refusalScoredAs(), item.id() + ": an ASQ refusal counts as a positive");
    }
    assertEquals(1, asq.item("asq_5").orElseThrow().crisisFrom());
    assertEquals("不想回答", asq.refusalLabel().get("zh-CN"));
    Item item9 = LIBRARY.scale("phq9").item("phq9_9").orElseThrow();
    assertEquals(1, item9.refusalScoredAs(), "a PHQ-9 item 9 refusal counts as 1");
    assertEquals(2, item9.crisisFrom());
    for (String id : List.of("selfharm-proxy_1", "selfharm-proxy_2")) {
      assertEquals(1, LIBRARY.scale("selfharm-proxy").item(id).orElseThrow().crisisFrom(), id);
    }
    for (Scale scale : LIBRARY.scales()) {
      for (Item item : scale.items()) {
        if (!List.of("asq", "phq9").contains(scale.id())) {
          assertFalse(item.refusable(), item.id() + " offers no refusal");
        }
      }
    }
  }

  @Test
  void variant_replacesOneThreshold() {
    TierRuleSet base = LIBRARY.ruleSet(TierRuleSet.DEFAULT_ID);
    TierRuleSet variant = LIBRARY.ruleSet("adolescent-phq9-11");
    assertEquals("default", variant.extendsId());
    assertTrue(variant.source().startsWith("Richardson LP"));
    assertEquals(
        base.rules().stream().map(TierRule::id).toList(),
        variant.rules().stream().map(TierRule::id).toList());
    assertEquals(
        Comparison.between(Target.SCALE, "phq9", 11, 14), rule(variant.rules(), "key_phq9_total"));
    for (int i = 0; i < base.rules().size(); i++) {
      if (!base.rules().get(i).id().equals("key_phq9_total")) {
        assertEquals(base.rules().get(i), variant.rules().get(i));
      }
    }
  }

  @Test
  void norms_k10BySexIsLiveAndThePooledVersionRetired() {
    NormSet live = LIBRARY.normSet("k10-cn-2023");
    assertEquals("k10-cn-2023@2.0.0", live.label());
    assertEquals("全国常模（9–18岁、分性别）", live.shortLabel().get("zh-CN"));
    assertEquals("National norm (ages 9–18, by sex)", live.shortLabel().get("en"));
    assertEquals(4, live.cells().size());
    for (NormCell cell : live.cells()) {
      assertEquals("k10", cell.target());
      assertEquals(120_285, cell.n());
      assertEquals(cell.sex() == 'F' ? 21.43 : 21.06, cell.mean(), cell.key());
      assertEquals(cell.sex() == 'F' ? 7.35 : 7.36, cell.sd(), cell.key());
      assertTrue(cell.pooled(), "still pooled across ages");
      assertNull(cell.table());
    }
    assertTrue(live.citation().startsWith("Jiang JN"));
    assertTrue(live.citation().contains("2023, 44(10): 1567-1574"));
    assertTrue(live.note().contains("per-sex sample sizes are not in the figures"));
    assertTrue(live.note().contains("still pooled across ages"));
    assertEquals(
        List.of("k10-cn-2023@1.0.0"),
        LIBRARY.retiredNormSets().stream().map(NormSet::label).toList());
    assertEquals(
        List.of("k10-cn-2023@2.0.0", "psc17-us-2012@1.0.0"),
        LIBRARY.normSets().stream().map(NormSet::label).toList());
  }

  @Test
  void norms_publishedFigures() {
    NormSet k10 = LIBRARY.findNormSet("k10-cn-2023@1.0.0").orElseThrow();
    assertEquals("合并常模（9–18岁、男女合并）", k10.shortLabel().get("zh-CN"));
    assertEquals("Pooled norm (ages 9–18, both sexes)", k10.shortLabel().get("en"));
    assertEquals(4, k10.cells().size());
    for (NormCell cell : k10.cells()) {
      assertEquals("k10", cell.target());
      assertEquals(148_892, cell.n());
      assertEquals(21.5, cell.mean());
      assertEquals(9.2, cell.sd());
      assertTrue(cell.pooled());
      assertNull(cell.table());
    }
    assertTrue(k10.citation().contains("中华流行病学杂志, 2023, 44(10): 1537-1544"));
    assertTrue(k10.note().contains("pooled"));
    NormSet psc = LIBRARY.normSet("psc17-us-2012");
    assertEquals(8, psc.cells().size());
    Map<String, double[]> figures =
        Map.of(
            "psc17-parent", new double[] {6.74, 5.62},
            "psc17-parent_int", new double[] {1.27, 1.71},
            "psc17-parent_att", new double[] {2.67, 2.43},
            "psc17-parent_ext", new double[] {2.78, 2.78});
    for (NormCell cell : psc.cells()) {
      assertEquals(SchoolBand.G1_3, cell.band());
      assertEquals(322, cell.n());
      assertEquals(figures.get(cell.target())[0], cell.mean(), cell.key());
      assertEquals(figures.get(cell.target())[1], cell.sd(), cell.key());
    }
    assertTrue(psc.citation().startsWith("Stoppelbein L"));
    assertEquals("美国家长评定常模，仅供参考", psc.shortLabel().get("zh-CN"));
    assertEquals("US parent-rating norm, for reference only", psc.shortLabel().get("en"));
  }

  @Test
  void validity_thresholds() {
    ValidityRules v = LIBRARY.validity();
    assertEquals(2000, v.speed().medianMillisBelow());
    assertEquals(
        List.of(List.of("rses")),
        v.straightLining().groups().stream().map(ValidityRules.Group::scaleIds).toList());
    assertEquals(ValidityRules.Level.INVALID, v.straightLining().flag());
    assertTrue(v.allExtreme().bothDirections());
    assertEquals(5, v.allExtreme().minOptions());
    assertTrue(v.note().contains("WHO-5 against PHQ-9"), v.note());
    assertTrue(v.note().contains("一半以上的天数"), v.note());
    assertEquals(ValidityRules.Level.INVALID, v.missing().beyondAllowance());
  }

  private static Condition rule(List<TierRule> rules, String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst().orElseThrow().when();
  }

  private static String en(Scale scale, String itemId) {
    return scale.item(itemId).orElseThrow().text().get("en");
  }

  /** Items numbered 1..count, reverse and critical exactly at the given numbers. */
  private static void assertItems(
      Scale scale, int count, List<Integer> reverse, List<Integer> critical) {
    assertEquals(count, scale.items().size(), scale.id());
    for (int i = 0; i < count; i++) {
      Item item = scale.items().get(i);
      assertEquals(i + 1, item.number(), item.id());
      assertEquals(reverse.contains(i + 1), item.reverse(), item.id());
      assertEquals(critical.contains(i + 1), item.critical(), item.id());
      assertFalse(item.local(), item.id());
    }
  }

  private static List<Integer> values(Scale scale) {
    return scale.options().stream().map(ResponseOption::value).toList();
  }

  private static List<String> labels(Scale scale) {
    return scale.options().stream().map(o -> o.label().get("en")).toList();
  }

  private static void assertFrequencyOptions(Scale scale) {
    assertEquals(List.of(0, 1, 2, 3), values(scale));
    assertEquals(
        List.of("完全不会", "好几天", "一半以上的天数", "几乎每天"),
        scale.options().stream().map(o -> o.label().get("zh-CN")).toList());
    assertEquals(
        List.of("Not at all", "Several days", "More than half the days", "Nearly every day"),
        labels(scale));
  }

  private static void assertRange(Scale scale, int min, int max) {
    assertEquals(min, scale.scoring().min(), scale.id());
    assertEquals(max, scale.scoring().max(), scale.id());
  }

  private static void assertBands(Scale scale, String... bands) {
    assertEquals(
        List.of(bands),
        scale.scoring().bands().stream().map(b -> b.id() + " " + b.min() + "–" + b.max()).toList());
  }

  private static List<String> bands(java.util.Optional<Subscale> sub) {
    return sub.orElseThrow().bands().stream()
        .map(b -> b.id() + " " + b.min() + "–" + b.max())
        .toList();
  }
}
