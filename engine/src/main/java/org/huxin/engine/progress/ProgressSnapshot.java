package org.huxin.engine.progress;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * A window's progress per class as read at {@code loadedAt}. {@code generation} changes only when
 * the counts do, so a live view compares one number before it rebuilds anything.
 */
public record ProgressSnapshot(
    long windowId, long generation, Instant loadedAt, List<ClassProgress> classes) {

  public ProgressSnapshot {
    Objects.requireNonNull(loadedAt, "loadedAt");
    classes = List.copyOf(classes);
  }

  /**
   * The counts of the window's classes in {@code districtId} and {@code schoolId}, either of them
   * null for any: the whole window when both are.
   */
  public ProgressCounts within(Long districtId, Long schoolId) {
    ProgressCounts sum = ProgressCounts.ZERO;
    for (ClassProgress c : classes) {
      if ((districtId == null || c.districtId() == districtId)
          && (schoolId == null || c.schoolId() == schoolId)) {
        sum = sum.plus(c.counts());
      }
    }
    return sum;
  }

  /**
   * The classes {@code visible} lets through, folded into city → district → school → grade → class;
   * every node sums the classes below it. A caller who may see one class gets the one path down to
   * it.
   */
  public ProgressNode tree(Predicate<ClassProgress> visible) {
    Map<Long, Map<Long, Map<Integer, List<ClassProgress>>>> byDistrict = new TreeMap<>();
    Map<Long, String> districtNames = new TreeMap<>();
    Map<Long, String> schoolNames = new TreeMap<>();
    for (ClassProgress c : classes) {
      if (!visible.test(c)) {
        continue;
      }
      districtNames.put(c.districtId(), c.districtName());
      schoolNames.put(c.schoolId(), c.schoolName());
      byDistrict
          .computeIfAbsent(c.districtId(), k -> new TreeMap<>())
          .computeIfAbsent(c.schoolId(), k -> new TreeMap<>())
          .computeIfAbsent(c.grade(), k -> new ArrayList<>())
          .add(c);
    }
    List<ProgressNode> districts = new ArrayList<>();
    for (var d : byDistrict.entrySet()) {
      List<ProgressNode> schools = new ArrayList<>();
      for (var s : d.getValue().entrySet()) {
        List<ProgressNode> grades = new ArrayList<>();
        for (var g : s.getValue().entrySet()) {
          List<ProgressNode> leaves = new ArrayList<>();
          g.getValue().stream()
              .sorted((a, b) -> a.className().compareTo(b.className()))
              .forEach(
                  c ->
                      leaves.add(
                          new ProgressNode(
                              ProgressLevel.CLASS,
                              c.classId(),
                              c.className(),
                              c.counts(),
                              List.of())));
          grades.add(node(ProgressLevel.GRADE, (long) g.getKey(), g.getKey() + "年级", leaves));
        }
        schools.add(node(ProgressLevel.SCHOOL, s.getKey(), schoolNames.get(s.getKey()), grades));
      }
      districts.add(
          node(ProgressLevel.DISTRICT, d.getKey(), districtNames.get(d.getKey()), schools));
    }
    return node(ProgressLevel.CITY, null, "全市", districts);
  }

  private static ProgressNode node(
      ProgressLevel level, Long id, String name, List<ProgressNode> children) {
    ProgressCounts sum = ProgressCounts.ZERO;
    for (ProgressNode child : children) {
      sum = sum.plus(child.counts());
    }
    return new ProgressNode(level, id, name, sum, children);
  }
}
