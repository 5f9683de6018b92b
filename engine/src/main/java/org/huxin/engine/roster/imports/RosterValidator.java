package org.huxin.engine.roster.imports;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;
import org.huxin.engine.city.SchoolStage;

/**
 * Checks every row of a roster file and collects every fault, so a school fixes its file once. Fed
 * row by row (the header first) as a {@link RosterFiles.RowSink}.
 *
 * <p>Per row: each cell is parsed and range-checked, and the grade must be one the school's stage
 * teaches. Across rows: a district code keeps one name; a school code keeps one district, name and
 * stage; a student ({@code school_code}, {@code student_no}) is in one row only. When the importer
 * is a district admin ({@code ownDistrictCode} set), a row of another district is refused. Checks
 * against the database (a school that already belongs to another district) are the importer's.
 */
public final class RosterValidator implements RosterFiles.RowSink {

  /** Longest code (district, school, student number): the login form's limit. */
  public static final int CODE_MAX = 32;

  private static final Pattern CODE = Pattern.compile("[\\p{L}\\p{N}._-]+");
  private static final int NAME_MAX = 50;
  private static final int UNIT_NAME_MAX = 100;
  private static final int BIRTH_YEAR_MIN = 1990;
  private static final int BIRTH_YEAR_MAX = 2100;

  private final String ownDistrictCode;
  private final ImportErrors errors = new ImportErrors();
  private final List<RosterRow> rows = new ArrayList<>();
  private final Map<String, Unit> districts = new HashMap<>();
  private final Map<String, Unit> schools = new HashMap<>();
  private final Map<String, Integer> students = new HashMap<>();
  private EnumMap<RosterColumn, Integer> index;
  private EnumMap<RosterColumn, String> headers;
  private int headerWidth;
  private int rowsRead;

  /** What a district or school looked like on the first row that named it. */
  private record Unit(int row, String parent, String name, SchoolStage stage) {}

  /**
   * @param ownDistrictCode the district a district admin may import, or null for a city admin
   */
  public RosterValidator(String ownDistrictCode) {
    this.ownDistrictCode = ownDistrictCode;
  }

  @Override
  public void accept(int row, List<String> cells) {
    if (index == null) {
      header(row, cells);
      return;
    }
    rowsRead++;
    check(row, cells);
  }

  /** Rows read after the header, faulty or not. */
  public int rowsRead() {
    return rowsRead;
  }

  /** The rows without a fault, in file order. */
  public List<RosterRow> rows() {
    return rows;
  }

  public ImportErrors errors() {
    return errors;
  }

  /** The header as the file spells it, for naming a column in an error. */
  public String header(RosterColumn column) {
    return headers == null ? column.english() : headers.get(column);
  }

  /** Fails when no header was read (the file had no non-blank row). */
  public void requireHeader() {
    if (index == null) {
      throw new RosterFileException(
          0, "the file is empty; its first row must be the header (" + allColumns() + ")");
    }
  }

  private void header(int row, List<String> cells) {
    EnumMap<RosterColumn, Integer> found = new EnumMap<>(RosterColumn.class);
    EnumMap<RosterColumn, String> spelled = new EnumMap<>(RosterColumn.class);
    List<String> unknown = new ArrayList<>();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i).strip();
      if (cell.isEmpty()) {
        continue;
      }
      var column = RosterColumn.byHeader(cell);
      if (column.isEmpty()) {
        unknown.add("'" + cell + "' (column " + (i + 1) + ")");
      } else if (found.putIfAbsent(column.get(), i) != null) {
        throw new RosterFileException(
            row,
            "the header names column "
                + column.get().english()
                + " twice (columns "
                + (found.get(column.get()) + 1)
                + " and "
                + (i + 1)
                + ")");
      } else {
        spelled.put(column.get(), cell);
      }
    }
    List<String> missing = new ArrayList<>();
    for (RosterColumn column : RosterColumn.values()) {
      if (!found.containsKey(column)) {
        missing.add(column.english() + "/" + column.chinese());
      }
    }
    if (!unknown.isEmpty() || !missing.isEmpty()) {
      StringJoiner message = new StringJoiner("; ");
      if (!unknown.isEmpty()) {
        message.add("unknown columns " + String.join(", ", unknown));
      }
      if (!missing.isEmpty()) {
        message.add("missing columns " + String.join(", ", missing));
      }
      message.add("the header row must name exactly these columns: " + allColumns());
      throw new RosterFileException(row, message.toString());
    }
    index = found;
    headers = spelled;
    headerWidth = cells.size();
  }

  private static String allColumns() {
    StringJoiner all = new StringJoiner(", ");
    for (RosterColumn column : RosterColumn.values()) {
      all.add(column.english() + "/" + column.chinese());
    }
    return all.toString();
  }

  private String cell(List<String> cells, RosterColumn column) {
    int i = index.get(column);
    return i < cells.size() ? cells.get(i).strip() : "";
  }

  private void check(int row, List<String> cells) {
    int faults = errors.count();
    for (int i = headerWidth; i < cells.size(); i++) {
      if (!cells.get(i).isBlank()) {
        errors.add(
            row, "", "cell " + (i + 1) + " is right of the last column of the header; remove it");
        break;
      }
    }
    String districtCode = code(row, cells, RosterColumn.DISTRICT_CODE);
    String districtName = text(row, cells, RosterColumn.DISTRICT_NAME, UNIT_NAME_MAX, true);
    String schoolCode = code(row, cells, RosterColumn.SCHOOL_CODE);
    String schoolName = text(row, cells, RosterColumn.SCHOOL_NAME, UNIT_NAME_MAX, true);
    SchoolStage stage = stage(row, cells);
    Integer grade = grade(row, cells, stage);
    String className = text(row, cells, RosterColumn.CLASS_NAME, CODE_MAX, true);
    String studentNo = code(row, cells, RosterColumn.STUDENT_NO);
    String name = text(row, cells, RosterColumn.NAME, NAME_MAX, false);
    Character sex = sex(row, cells);
    Integer birthYear = birthYear(row, cells);
    Boolean consent = consent(row, cells);

    if (districtCode != null && ownDistrictCode != null && !districtCode.equals(ownDistrictCode)) {
      errors.add(
          row,
          header(RosterColumn.DISTRICT_CODE),
          "district "
              + districtCode
              + " is not your district ("
              + ownDistrictCode
              + "); a district admin imports only their own district's rows");
    }
    if (districtCode != null && districtName != null) {
      Unit first = districts.putIfAbsent(districtCode, new Unit(row, null, districtName, null));
      if (first != null && !first.name().equals(districtName)) {
        errors.add(
            row,
            header(RosterColumn.DISTRICT_NAME),
            "district "
                + districtCode
                + " is named '"
                + first.name()
                + "' on row "
                + first.row()
                + " but '"
                + districtName
                + "' here; use one name");
      }
    }
    if (schoolCode != null && districtCode != null && schoolName != null && stage != null) {
      Unit first = schools.putIfAbsent(schoolCode, new Unit(row, districtCode, schoolName, stage));
      if (first != null) {
        schoolAgrees(row, schoolCode, first, districtCode, schoolName, stage);
      }
    }
    if (schoolCode != null && studentNo != null) {
      Integer first = students.putIfAbsent(schoolCode + '\u0000' + studentNo, row);
      if (first != null) {
        errors.add(
            row,
            header(RosterColumn.STUDENT_NO),
            "student "
                + studentNo
                + " of school "
                + schoolCode
                + " is already on row "
                + first
                + "; a student must be in one row only");
      }
    }
    if (errors.count() == faults) {
      rows.add(
          new RosterRow(
              row,
              districtCode,
              districtName,
              schoolCode,
              schoolName,
              stage,
              grade,
              className,
              studentNo,
              name,
              sex,
              birthYear,
              consent));
    }
  }

  private void schoolAgrees(
      int row,
      String schoolCode,
      Unit first,
      String districtCode,
      String schoolName,
      SchoolStage stage) {
    if (!first.parent().equals(districtCode)) {
      errors.add(
          row,
          header(RosterColumn.DISTRICT_CODE),
          "school "
              + schoolCode
              + " is in district "
              + first.parent()
              + " on row "
              + first.row()
              + " but in "
              + districtCode
              + " here; a school is in one district");
    }
    if (!first.name().equals(schoolName)) {
      errors.add(
          row,
          header(RosterColumn.SCHOOL_NAME),
          "school "
              + schoolCode
              + " is named '"
              + first.name()
              + "' on row "
              + first.row()
              + " but '"
              + schoolName
              + "' here; use one name");
    }
    if (first.stage() != stage) {
      errors.add(
          row,
          header(RosterColumn.SCHOOL_STAGE),
          "school "
              + schoolCode
              + " has stage "
              + first.stage().code()
              + " on row "
              + first.row()
              + " but "
              + stage.code()
              + " here; use one stage");
    }
  }

  private String code(int row, List<String> cells, RosterColumn column) {
    String value = cell(cells, column);
    if (value.isEmpty()) {
      errors.add(row, header(column), column.english() + " is empty");
      return null;
    }
    if (value.length() > CODE_MAX) {
      errors.add(
          row,
          header(column),
          column.english() + " is " + value.length() + " characters; at most " + CODE_MAX);
      return null;
    }
    if (!CODE.matcher(value).matches()) {
      errors.add(
          row,
          header(column),
          column.english()
              + " '"
              + value
              + "' may hold only letters, digits, '.', '-' and '_' (no spaces)");
      return null;
    }
    return value;
  }

  /** Free text; {@code quote} says whether the message may repeat it (never for a name). */
  private String text(int row, List<String> cells, RosterColumn column, int max, boolean quote) {
    String value = cell(cells, column);
    if (value.isEmpty()) {
      errors.add(row, header(column), column.english() + " is empty");
      return null;
    }
    if (value.length() > max) {
      errors.add(
          row,
          header(column),
          column.english() + " is " + value.length() + " characters long; at most " + max);
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (Character.isISOControl(value.charAt(i))) {
        errors.add(
            row,
            header(column),
            column.english()
                + (quote ? " '" + value.replaceAll("\\p{Cntrl}", " ") + "'" : "")
                + " holds a line break or control character; remove it");
        return null;
      }
    }
    return value;
  }

  private SchoolStage stage(int row, List<String> cells) {
    String value = cell(cells, RosterColumn.SCHOOL_STAGE);
    SchoolStage stage =
        switch (value.toLowerCase(Locale.ROOT)) {
          case "primary", "小学" -> SchoolStage.PRIMARY;
          case "junior", "初中" -> SchoolStage.JUNIOR;
          case "senior", "高中" -> SchoolStage.SENIOR;
          case "nine-year", "九年一贯制" -> SchoolStage.NINE_YEAR;
          case "twelve-year", "十二年一贯制" -> SchoolStage.TWELVE_YEAR;
          default -> null;
        };
    if (stage == null) {
      errors.add(
          row,
          header(RosterColumn.SCHOOL_STAGE),
          (value.isEmpty() ? "school_stage is empty" : "school_stage '" + value + "' is unknown")
              + "; use primary/小学, junior/初中, senior/高中, nine-year/九年一贯制 or"
              + " twelve-year/十二年一贯制");
    }
    return stage;
  }

  private Integer grade(int row, List<String> cells, SchoolStage stage) {
    String value = cell(cells, RosterColumn.GRADE);
    Integer grade = integer(value);
    String column = header(RosterColumn.GRADE);
    if (grade == null || grade < 1 || grade > 12) {
      errors.add(
          row,
          column,
          "grade must be a whole number 1–12, got " + (value.isEmpty() ? "nothing" : value));
      return null;
    }
    if (stage != null && !stage.teaches(grade)) {
      errors.add(
          row,
          column,
          "grade "
              + grade
              + " is not taught at a "
              + stage.code()
              + " school (grades "
              + stage.firstGrade()
              + "–"
              + stage.lastGrade()
              + ")");
      return null;
    }
    return grade;
  }

  private Character sex(int row, List<String> cells) {
    String value = cell(cells, RosterColumn.SEX);
    return switch (value.toUpperCase(Locale.ROOT)) {
      case "F", "女" -> 'F';
      case "M", "男" -> 'M';
      default -> {
        errors.add(
            row,
            header(RosterColumn.SEX),
            "sex must be F/女 or M/男, got " + (value.isEmpty() ? "nothing" : "'" + value + "'"));
        yield null;
      }
    };
  }

  private Integer birthYear(int row, List<String> cells) {
    String value = cell(cells, RosterColumn.BIRTH_YEAR);
    Integer year = integer(value);
    if (year == null || year < BIRTH_YEAR_MIN || year > BIRTH_YEAR_MAX) {
      errors.add(
          row,
          header(RosterColumn.BIRTH_YEAR),
          "birth_year must be a year "
              + BIRTH_YEAR_MIN
              + "–"
              + BIRTH_YEAR_MAX
              + ", got "
              + (value.isEmpty() ? "nothing" : value));
      return null;
    }
    return year;
  }

  private Boolean consent(int row, List<String> cells) {
    String value = cell(cells, RosterColumn.GUARDIAN_CONSENT);
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "yes", "是", "1", "true", "y" -> Boolean.TRUE;
      case "no", "否", "0", "false", "n" -> Boolean.FALSE;
      default -> {
        errors.add(
            row,
            header(RosterColumn.GUARDIAN_CONSENT),
            "guardian_consent must be yes/是/1/true or no/否/0/false, got "
                + (value.isEmpty() ? "nothing" : "'" + value + "'"));
        yield null;
      }
    };
  }

  private static Integer integer(String value) {
    if (value.isEmpty() || value.length() > 9) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < '0' || value.charAt(i) > '9') {
        return null;
      }
    }
    return Integer.parseInt(value);
  }
}
