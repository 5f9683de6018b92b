package org.huxin.scales;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Reads {@code index.json} and every file it lists into a {@link ScaleLibrary}. Each file is
 * checked on its own (records' constructors), then against the files before it (batteries against
 * scales, rules against scales), so the first fault found names its file.
 */
final class LibraryReader {

  static final String INDEX = "index.json";
  static final int FORMAT_VERSION = 1;

  private static final Pattern SAFE_PATH =
      Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*\\.json");

  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private final ResourceSource source;

  LibraryReader(ResourceSource source) {
    this.source = source;
  }

  static boolean isSafePath(String path) {
    return path != null && SAFE_PATH.matcher(path).matches() && !path.contains("..");
  }

  ScaleLibrary read() {
    JsonFields index = parse(INDEX);
    int format = index.integer("formatVersion");
    if (format != FORMAT_VERSION) {
      throw index.fault(
          "formatVersion " + format + " is not supported; this build reads " + FORMAT_VERSION);
    }
    List<String> scalePaths = paths(index, index.strings("scales"), "scales");
    String batteriesPath = paths(index, List.of(index.string("batteries")), "batteries").get(0);
    List<String> rulePaths = paths(index, index.strings("tierRules"), "tierRules");
    List<String> normPaths = paths(index, index.optStrings("norms"), "norms");
    List<String> retiredPaths = paths(index, index.optStrings("retiredNorms"), "retiredNorms");
    List<String> validityPath =
        index.has("validity")
            ? paths(index, List.of(index.string("validity")), "validity")
            : List.of();
    index.finish();
    Set<String> all = new HashSet<>();
    for (List<String> group :
        List.of(
            scalePaths, List.of(batteriesPath), rulePaths, normPaths, retiredPaths, validityPath)) {
      for (String path : group) {
        if (!all.add(path)) {
          throw new ScaleFileException(INDEX, "lists " + path + " twice");
        }
      }
    }

    Map<String, Scale> scales = new LinkedHashMap<>();
    Map<String, String> fileOfScale = new HashMap<>();
    for (String path : scalePaths) {
      Scale scale = readScale(path);
      String first = fileOfScale.putIfAbsent(scale.id(), path);
      if (first != null) {
        throw new ScaleFileException(
            path, "scale " + scale.id() + ": duplicate scale id; first defined in " + first);
      }
      scales.put(scale.id(), scale);
    }

    List<Battery> batteries = readBatteries(batteriesPath);
    for (Battery battery : batteries) {
      build(
          batteriesPath,
          () -> {
            ScaleLibrary.checkBattery(battery, scales);
            return battery;
          });
    }

    Map<String, TierRuleSet> sets = new LinkedHashMap<>();
    Map<String, String> fileOfSet = new HashMap<>();
    for (String path : rulePaths) {
      TierRuleSet set = readRuleSet(path, sets);
      String first = fileOfSet.putIfAbsent(set.id(), path);
      if (first != null) {
        throw new ScaleFileException(
            path, "rule set " + set.id() + ": duplicate rule set id; first defined in " + first);
      }
      for (TierRule rule : set.rules()) {
        build(
            path,
            () -> {
              ScaleLibrary.checkRule(rule, scales);
              return rule;
            });
      }
      sets.put(set.id(), set);
    }

    List<NormSet> norms = new ArrayList<>();
    Map<String, String> fileOfNorms = new HashMap<>();
    for (String path : normPaths) {
      NormSet set = readNormSet(path);
      String first = fileOfNorms.putIfAbsent(set.id(), path);
      if (first != null) {
        throw new ScaleFileException(
            path, "norm set " + set.id() + ": duplicate norm set id; first defined in " + first);
      }
      build(
          path,
          () -> {
            ScaleLibrary.checkNormSet(set, scales, batteries);
            return set;
          });
      norms.add(set);
    }

    List<NormSet> retired = new ArrayList<>();
    Map<String, String> fileOfLabel = new HashMap<>();
    for (NormSet set : norms) {
      fileOfLabel.put(set.label(), fileOfNorms.get(set.id()));
    }
    for (String path : retiredPaths) {
      NormSet set = readNormSet(path);
      String first = fileOfLabel.putIfAbsent(set.label(), path);
      if (first != null) {
        throw new ScaleFileException(
            path, "norm set " + set.label() + ": listed twice; first defined in " + first);
      }
      build(
          path,
          () -> {
            ScaleLibrary.checkNormSet(set, scales, batteries);
            return set;
          });
      retired.add(set);
    }

    ValidityRules validity = ValidityRules.MISSING_ONLY;
    if (!validityPath.isEmpty()) {
      String path = validityPath.get(0);
      ValidityRules read = readValidity(path);
      validity =
          build(
              path,
              () -> {
                ScaleLibrary.checkValidity(read, scales);
                return read;
              });
    }
    ValidityRules checks = validity;
    return build(
        INDEX,
        () ->
            new ScaleLibrary(
                List.copyOf(scales.values()),
                batteries,
                List.copyOf(sets.values()),
                norms,
                checks,
                retired));
  }

  private static List<String> paths(JsonFields index, List<String> paths, String field) {
    for (String path : paths) {
      if (!isSafePath(path)) {
        throw index.fault(
            field
                + ": path '"
                + path
                + "' must be relative, stay inside the index folder and end in .json");
      }
    }
    return paths;
  }

  private Scale readScale(String path) {
    JsonFields f = parse(path);
    String id = f.string("id");
    f.where("scale " + id);
    String shortName = f.string("shortName");
    String version = f.string("version");
    LocalizedText title = f.text("title");
    LocalizedText studentTitle = f.text("studentTitle");
    LocalizedText instructions = f.text("instructions");
    JsonFields src = f.object("source");
    Source source =
        build(
            path,
            () ->
                new Source(
                    src.string("citation"),
                    src.optString("url", ""),
                    src.optString("translation", "")));
    src.finish();
    String licence = f.string("licence");

    List<ResponseOption> options = new ArrayList<>();
    for (JsonFields o : f.objects("options")) {
      int value = o.integer("value");
      o.where("scale " + id + ": option " + value);
      LocalizedText label = o.text("label");
      o.finish();
      options.add(build(path, () -> new ResponseOption(value, label)));
    }

    List<Item> items = new ArrayList<>();
    for (JsonFields o : f.objects("items")) {
      String itemId = o.string("id");
      o.where("item " + itemId);
      int number = o.integer("number");
      LocalizedText text = o.text("text");
      boolean reverse = o.bool("reverse");
      boolean critical = o.bool("critical");
      List<String> localWording = o.optStrings("localWording");
      boolean local = o.optBool("local", false);
      Integer refusalScoredAs = null;
      if (o.has("refusal")) {
        JsonFields r = o.object("refusal");
        refusalScoredAs = r.integer("scoredAs");
        r.finish();
      }
      Integer crisisFrom = o.has("crisisFrom") ? o.integer("crisisFrom") : null;
      ShowIf showIf = null;
      if (o.has("showIf")) {
        JsonFields c = o.object("showIf");
        List<Integer> anyOf = c.integers("anyOf");
        int equals = c.integer("equals");
        c.finish();
        showIf = build(path, "item " + itemId + ": ", () -> new ShowIf(anyOf, equals));
      }
      o.finish();
      ShowIf shown = showIf;
      Integer refusal = refusalScoredAs;
      items.add(
          build(
              path,
              () ->
                  new Item(
                      itemId,
                      number,
                      text,
                      reverse,
                      critical,
                      localWording,
                      local,
                      shown,
                      refusal,
                      crisisFrom)));
    }

    LocalizedText refusalLabel = f.has("refusalLabel") ? f.text("refusalLabel") : null;
    JsonFields s = f.object("scoring");
    JsonFields range = s.object("range");
    int min = range.integer("min");
    int max = range.integer("max");
    range.finish();
    List<Band> bands = readBands(path, id, s, "bands");
    MissingRule missing = readMissing(path, s.object("missing"));
    String directionKey = s.optString("direction", Scoring.Direction.SYMPTOM.key());
    Scoring.Direction direction;
    try {
      direction = Scoring.Direction.ofKey(directionKey);
    } catch (IllegalArgumentException e) {
      throw s.fault(e.getMessage());
    }
    int multiplier = s.optInteger("multiplier", 1);
    s.optString("note", ""); // for the reader of the file (an audit trail), not for scoring
    s.finish();
    Scoring scoring =
        build(
            path,
            "scale " + id + ": scoring: ",
            () -> new Scoring(min, max, bands, missing, direction, multiplier));

    List<Subscale> subscales = new ArrayList<>();
    for (JsonFields o : f.objects("subscales")) {
      String subId = o.string("id");
      o.where("subscale " + subId);
      LocalizedText subTitle = o.text("title");
      List<String> subItems = o.strings("items");
      List<Band> subBands = o.has("bands") ? readBands(path, subId, o, "bands") : List.of();
      o.finish();
      subscales.add(build(path, () -> new Subscale(subId, subTitle, subItems, subBands)));
    }
    f.finish();
    return build(
        path,
        () ->
            new Scale(
                id,
                shortName,
                version,
                title,
                studentTitle,
                instructions,
                source,
                licence,
                options,
                items,
                scoring,
                subscales,
                refusalLabel));
  }

  private static List<Band> readBands(String path, String owner, JsonFields f, String field) {
    List<Band> bands = new ArrayList<>();
    for (JsonFields o : f.objects(field)) {
      String bandId = o.string("id");
      o.where((owner.contains("_") ? "subscale " : "scale ") + owner + ": band " + bandId);
      int bandMin = o.integer("min");
      int bandMax = o.integer("max");
      LocalizedText label = o.text("label");
      o.finish();
      bands.add(build(path, () -> new Band(bandId, bandMin, bandMax, label)));
    }
    return bands;
  }

  private static MissingRule readMissing(String path, JsonFields m) {
    String rule = m.string("rule");
    MissingRule out =
        switch (rule) {
          case "invalid" -> MissingRule.invalid();
          case "prorate" -> {
            int maxMissing = m.integer("maxMissing");
            yield build(path, () -> MissingRule.prorate(maxMissing));
          }
          case "sum" -> {
            int maxMissing = m.integer("maxMissing");
            yield build(path, () -> MissingRule.sum(maxMissing));
          }
          default -> throw m.fault("rule '" + rule + "' is not invalid, prorate or sum");
        };
    m.finish();
    return out;
  }

  private List<Battery> readBatteries(String path) {
    JsonFields f = parse(path);
    List<Battery> out = new ArrayList<>();
    for (JsonFields o : f.objects("batteries")) {
      String id = o.string("id");
      o.where("battery " + id);
      String version = o.string("version");
      String form = o.string("form");
      String bandId = o.string("band");
      SchoolBand band = build(path, "battery " + id + ": ", () -> SchoolBand.ofId(bandId));
      LocalizedText title = o.text("title");
      List<String> scaleIds = o.strings("scales");
      boolean primary = o.bool("primaryWording");
      LocalizedText staffNote = o.has("staffNote") ? o.text("staffNote") : null;
      o.finish();
      out.add(
          build(
              path,
              () -> new Battery(id, version, form, band, title, scaleIds, primary, staffNote)));
    }
    f.finish();
    Set<String> ids = new HashSet<>();
    for (Battery battery : out) {
      if (!ids.add(battery.id())) {
        throw new ScaleFileException(path, "battery " + battery.id() + ": duplicate battery id");
      }
    }
    return out;
  }

  private TierRuleSet readRuleSet(String path, Map<String, TierRuleSet> earlier) {
    JsonFields f = parse(path);
    String id = f.string("id");
    f.where("rule set " + id);
    String version = f.string("version");
    LocalizedText title = f.text("title");
    String ruleSource = f.optString("source", "");
    String parentId = f.optString("extends", "");
    TierRuleSet parent = null;
    if (!parentId.isEmpty()) {
      parent = earlier.get(parentId);
      if (parent == null) {
        throw f.fault(
            "extends rule set " + parentId + ", which is not listed before it in " + INDEX);
      }
    }
    List<String> remove = f.optStrings("remove");
    Set<SchoolBand> bands = null;
    if (f.has("bands")) {
      bands = EnumSet.noneOf(SchoolBand.class);
      List<String> bandIds = f.strings("bands");
      if (bandIds.isEmpty()) {
        throw f.fault("bands must name at least one band (leave it out for every band)");
      }
      for (String bandId : bandIds) {
        bands.add(build(path, "rule set " + id + ": ", () -> SchoolBand.ofId(bandId)));
      }
    }
    if (parent == null && !remove.isEmpty()) {
      throw f.fault("'remove' needs 'extends'");
    }
    List<TierRule> rules = new ArrayList<>();
    for (JsonFields o : f.objects("rules")) {
      String ruleId = o.string("id");
      o.where("rule " + ruleId);
      int tier = o.integer("tier");
      CrisisLevel level = o.has("level") ? crisisLevel(o, o.string("level")) : null;
      LocalizedText explanation = o.text("explanation");
      Condition when = readCondition(path, o.object("when"));
      o.finish();
      rules.add(build(path, () -> new TierRule(ruleId, tier, level, explanation, when)));
    }
    Map<CrisisLevel, Duration> escalation = new EnumMap<>(CrisisLevel.class);
    if (f.has("escalateAfterMinutes")) {
      JsonFields e = f.object("escalateAfterMinutes");
      for (CrisisLevel level : CrisisLevel.values()) {
        if (e.has(level.key())) {
          escalation.put(level, Duration.ofMinutes(e.integer(level.key())));
        }
      }
      e.finish();
    }
    if (parent == null && escalation.size() != CrisisLevel.values().length) {
      throw f.fault(
          "escalateAfterMinutes must give general, serious and major (a set that extends another"
              + " may give only those it changes)");
    }
    f.finish();
    TierRuleSet base = parent;
    Set<SchoolBand> forBands = bands;
    return build(
        path,
        () ->
            base == null
                ? new TierRuleSet(
                    id,
                    version,
                    title,
                    ruleSource,
                    "",
                    escalation,
                    rules,
                    forBands == null ? Set.of() : forBands)
                : base.variant(
                    id,
                    version,
                    title,
                    ruleSource,
                    escalation,
                    rules,
                    Set.copyOf(remove),
                    forBands));
  }

  /** Reads one norm set file (not checked against scales or batteries; the caller does that). */
  NormSet readNormSet(String path) {
    JsonFields f = parse(path);
    String id = f.string("id");
    f.where("norm set " + id);
    String version = f.string("version");
    LocalizedText title = f.text("title");
    // Sets saved before labels existed have none; their title says what they are.
    LocalizedText label = f.has("label") ? f.text("label") : title;
    String citation = f.string("citation");
    String note = f.optString("note", "");
    List<NormCell> cells = new ArrayList<>();
    for (JsonFields o : f.objects("cells")) {
      String target = o.string("target");
      o.where("norm set " + id + ": cell " + target);
      List<String> bandIds = o.strings("bands");
      List<String> sexes = o.strings("sexes");
      int n = o.integer("n");
      double mean = o.decimal("mean");
      double sd = o.decimal("sd");
      boolean pooled = o.optBool("pooled", false);
      PercentileTable table = null;
      if (o.has("percentiles")) {
        JsonFields t = o.object("percentiles");
        int from = t.integer("from");
        List<Double> values = t.decimals("values");
        t.finish();
        table =
            build(
                path,
                "norm set " + id + ": cell " + target + ": ",
                () -> new PercentileTable(from, values));
      }
      o.finish();
      if (bandIds.isEmpty() || sexes.isEmpty()) {
        throw o.fault("bands and sexes must each name at least one");
      }
      for (String bandId : bandIds) {
        SchoolBand band =
            build(
                path, "norm set " + id + ": cell " + target + ": ", () -> SchoolBand.ofId(bandId));
        for (String sex : sexes) {
          if (!sex.equals("F") && !sex.equals("M")) {
            throw o.fault("sex '" + sex + "' is not F or M");
          }
          PercentileTable cellTable = table;
          cells.add(
              build(
                  path,
                  "norm set " + id + ": ",
                  () -> new NormCell(target, band, sex.charAt(0), n, mean, sd, pooled, cellTable)));
        }
      }
    }
    f.finish();
    return build(path, () -> new NormSet(id, version, title, label, citation, note, cells));
  }

  private ValidityRules readValidity(String path) {
    JsonFields f = parse(path);
    String id = f.string("id");
    f.where("validity rules " + id);
    String version = f.string("version");
    String note = f.optString("note", "");
    ValidityRules.Speed speed = null;
    if (f.has("speed")) {
      JsonFields o = f.object("speed");
      int below = o.integer("medianMillisBelow");
      int minItems = o.integer("minItems");
      ValidityRules.Level flag = level(o, "flag");
      o.finish();
      speed = build(path, () -> new ValidityRules.Speed(below, minItems, flag));
    }
    ValidityRules.StraightLining straight = null;
    if (f.has("straightLining")) {
      JsonFields o = f.object("straightLining");
      List<ValidityRules.Group> groups = new ArrayList<>();
      for (JsonFields g : o.objects("groups")) {
        String groupId = g.string("id");
        g.where("straightLining: group " + groupId);
        List<String> scaleIds = g.strings("scales");
        g.finish();
        groups.add(build(path, () -> new ValidityRules.Group(groupId, scaleIds)));
      }
      int minItems = o.integer("minItems");
      ValidityRules.Level flag = level(o, "flag");
      o.finish();
      straight = build(path, () -> new ValidityRules.StraightLining(groups, minItems, flag));
    }
    ValidityRules.AllExtreme extreme = null;
    if (f.has("allExtreme")) {
      JsonFields o = f.object("allExtreme");
      int minItems = o.integer("minItems");
      boolean both = o.bool("bothDirections");
      ValidityRules.Level flag = level(o, "flag");
      int minOptions = o.optInteger("minOptions", ValidityRules.AllExtreme.DEFAULT_MIN_OPTIONS);
      o.finish();
      extreme = build(path, () -> new ValidityRules.AllExtreme(minItems, both, flag, minOptions));
    }
    JsonFields m = f.object("missing");
    ValidityRules.Missing missing =
        new ValidityRules.Missing(level(m, "withinAllowance"), level(m, "beyondAllowance"));
    m.finish();
    ValidityRules.Level refusal = ValidityRules.Level.QUESTIONABLE;
    if (f.has("refusal")) {
      JsonFields r = f.object("refusal");
      refusal = level(r, "flag");
      r.finish();
    }
    f.finish();
    ValidityRules.Speed s = speed;
    ValidityRules.StraightLining sl = straight;
    ValidityRules.AllExtreme ae = extreme;
    ValidityRules.Level refused = refusal;
    return build(path, () -> new ValidityRules(id, version, s, sl, ae, missing, refused, note));
  }

  private static CrisisLevel crisisLevel(JsonFields f, String key) {
    try {
      return CrisisLevel.ofKey(key);
    } catch (IllegalArgumentException e) {
      throw f.fault(e.getMessage());
    }
  }

  private static ValidityRules.Level level(JsonFields f, String name) {
    String key = f.string(name);
    try {
      return ValidityRules.Level.ofKey(key);
    } catch (IllegalArgumentException e) {
      throw f.fault(name + ": " + e.getMessage());
    }
  }

  private static Condition readCondition(String path, JsonFields f) {
    int kinds = 0;
    for (String key : List.of("all", "any", "item", "scale", "subscale", "t")) {
      kinds += f.has(key) ? 1 : 0;
    }
    if (kinds != 1) {
      throw f.fault("a condition names exactly one of all, any, item, scale, subscale or t");
    }
    Condition out;
    if (f.has("all") || f.has("any")) {
      boolean all = f.has("all");
      List<Condition> nested = new ArrayList<>();
      for (JsonFields o : f.objects(all ? "all" : "any")) {
        nested.add(readCondition(path, o));
      }
      out = build(path, () -> all ? new Condition.All(nested) : new Condition.Any(nested));
    } else {
      Condition.Target target =
          f.has("item")
              ? Condition.Target.ITEM
              : f.has("scale")
                  ? Condition.Target.SCALE
                  : f.has("subscale") ? Condition.Target.SUBSCALE : Condition.Target.T;
      String ref = f.string(target.key());
      String symbol = f.string("op");
      Condition.Op op;
      try {
        op = Condition.Op.ofSymbol(symbol);
      } catch (IllegalArgumentException e) {
        throw f.fault(e.getMessage());
      }
      if (op == Condition.Op.BETWEEN) {
        int min = f.integer("min");
        int max = f.integer("max");
        out = build(path, () -> Condition.Comparison.between(target, ref, min, max));
      } else {
        int value = f.integer("value");
        out = build(path, () -> Condition.Comparison.of(target, ref, op, value));
      }
    }
    f.finish();
    return out;
  }

  private JsonFields parse(String path) {
    Optional<InputStream> opened;
    try {
      opened = source.open(path);
    } catch (IOException e) {
      throw new ScaleFileException(path, "cannot read: " + e.getMessage(), e);
    }
    if (opened.isEmpty()) {
      throw new ScaleFileException(
          path, path.equals(INDEX) ? "file not found" : "file not found (listed in " + INDEX + ")");
    }
    try (InputStream in = opened.get()) {
      JsonNode node = MAPPER.readTree(in);
      if (node == null || node.isMissingNode()) {
        throw new ScaleFileException(path, "file is empty");
      }
      return new JsonFields(path, "", node);
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      String place =
          at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ";
      throw new ScaleFileException(path, place + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ScaleFileException(path, "cannot read: " + e.getMessage(), e);
    }
  }

  /** Runs a record constructor, turning its {@link IllegalArgumentException} into a file fault. */
  private static <T> T build(String path, Supplier<T> constructor) {
    return build(path, "", constructor);
  }

  /** As {@link #build(String, Supplier)}, with {@code where} put before the record's message. */
  private static <T> T build(String path, String where, Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      throw new ScaleFileException(path, where + e.getMessage(), e);
    }
  }
}
