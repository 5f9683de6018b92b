package org.huxin.scales;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
    index.finish();
    Set<String> all = new HashSet<>();
    for (List<String> group : List.of(scalePaths, List.of(batteriesPath), rulePaths)) {
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

    List<TierRuleSet> sets = new ArrayList<>();
    Map<String, String> fileOfSet = new HashMap<>();
    for (String path : rulePaths) {
      TierRuleSet set = readRuleSet(path);
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
      sets.add(set);
    }
    return build(INDEX, () -> new ScaleLibrary(List.copyOf(scales.values()), batteries, sets));
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
      List<String> local = o.optStrings("localWording");
      o.finish();
      items.add(build(path, () -> new Item(itemId, number, text, reverse, critical, local)));
    }

    JsonFields s = f.object("scoring");
    JsonFields range = s.object("range");
    int min = range.integer("min");
    int max = range.integer("max");
    range.finish();
    List<Band> bands = new ArrayList<>();
    for (JsonFields o : s.objects("bands")) {
      String bandId = o.string("id");
      o.where("scale " + id + ": band " + bandId);
      int bandMin = o.integer("min");
      int bandMax = o.integer("max");
      LocalizedText label = o.text("label");
      o.finish();
      bands.add(build(path, () -> new Band(bandId, bandMin, bandMax, label)));
    }
    MissingRule missing = readMissing(path, s.object("missing"));
    s.finish();
    Scoring scoring =
        build(path, "scale " + id + ": scoring: ", () -> new Scoring(min, max, bands, missing));

    List<Subscale> subscales = new ArrayList<>();
    for (JsonFields o : f.objects("subscales")) {
      String subId = o.string("id");
      o.where("subscale " + subId);
      LocalizedText subTitle = o.text("title");
      List<String> subItems = o.strings("items");
      o.finish();
      subscales.add(build(path, () -> new Subscale(subId, subTitle, subItems)));
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
                instructions,
                source,
                licence,
                options,
                items,
                scoring,
                subscales));
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
          default -> throw m.fault("rule '" + rule + "' is not invalid or prorate");
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
      LocalizedText title = o.text("title");
      List<String> scaleIds = o.strings("scales");
      boolean primary = o.bool("primaryWording");
      o.finish();
      out.add(build(path, () -> new Battery(id, version, form, title, scaleIds, primary)));
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

  private TierRuleSet readRuleSet(String path) {
    JsonFields f = parse(path);
    String id = f.string("id");
    f.where("rule set " + id);
    String version = f.string("version");
    LocalizedText title = f.text("title");
    List<TierRule> rules = new ArrayList<>();
    for (JsonFields o : f.objects("rules")) {
      String ruleId = o.string("id");
      o.where("rule " + ruleId);
      int tier = o.integer("tier");
      LocalizedText explanation = o.text("explanation");
      Condition when = readCondition(path, o.object("when"));
      o.finish();
      rules.add(build(path, () -> new TierRule(ruleId, tier, explanation, when)));
    }
    f.finish();
    return build(path, () -> new TierRuleSet(id, version, title, rules));
  }

  private static Condition readCondition(String path, JsonFields f) {
    int kinds = 0;
    for (String key : List.of("all", "any", "item", "scale", "subscale")) {
      kinds += f.has(key) ? 1 : 0;
    }
    if (kinds != 1) {
      throw f.fault("a condition names exactly one of all, any, item, scale or subscale");
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
              : f.has("scale") ? Condition.Target.SCALE : Condition.Target.SUBSCALE;
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
