package org.huxin.scales;

import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * When a tier rule fires: a comparison on one item's answer, one scale's raw total, one subscale's
 * raw sum or a normed T score, or {@code all}/{@code any} of nested conditions.
 */
public sealed interface Condition permits Condition.Comparison, Condition.All, Condition.Any {

  /** What a comparison reads. */
  enum Target {
    /** The answer to one item as given (before reverse keying), e.g. {@code phq9_9}. */
    ITEM("item"),
    /** A scale's raw total, e.g. {@code phq9}. */
    SCALE("scale"),
    /** A subscale's raw sum, e.g. {@code psc17-parent_att}. */
    SUBSCALE("subscale"),
    /**
     * The T score of a scale or subscale, read in its symptomatic direction (100 − T for a
     * wellbeing scale, so T ≥ 70 always means two SD worse than the norm); {@value #ANY} means any
     * normed scale or subscale of the battery. Never holds for a score without norms.
     */
    T("t");

    /** The ref of a T comparison that reads every normed scale and subscale. */
    public static final String ANY = "*";

    private final String key;

    Target(String key) {
      this.key = key;
    }

    /** The JSON key that names this target. */
    public String key() {
      return key;
    }
  }

  /** A comparison operator; {@code BETWEEN} is inclusive on both ends. */
  enum Op {
    GE(">=", "≥"),
    LE("<=", "≤"),
    EQ("=", "="),
    GT(">", ">"),
    LT("<", "<"),
    BETWEEN("between", "–");

    private final String symbol;
    private final String display;

    Op(String symbol, String display) {
      this.symbol = symbol;
      this.display = display;
    }

    /** As written in a rule file. */
    public String symbol() {
      return symbol;
    }

    /** The operator in an explanation, e.g. {@code ≥ 2} or {@code 10–14}. */
    public String render(int value, int upper) {
      return this == BETWEEN ? value + display + upper : display + " " + value;
    }

    /** Whether {@code actual} passes against {@code value} (and {@code upper} for BETWEEN). */
    public boolean test(int actual, int value, int upper) {
      return switch (this) {
        case GE -> actual >= value;
        case LE -> actual <= value;
        case EQ -> actual == value;
        case GT -> actual > value;
        case LT -> actual < value;
        case BETWEEN -> actual >= value && actual <= upper;
      };
    }

    /** The operator written as {@code symbol} in a rule file. */
    public static Op ofSymbol(String symbol) {
      for (Op op : values()) {
        if (op.symbol.equals(symbol)) {
          return op;
        }
      }
      throw new IllegalArgumentException(
          "op '" + symbol + "' is not one of >=, <=, =, >, <, between");
    }
  }

  /** Calls {@code visitor} with every comparison in this condition, depth first. */
  void forEachComparison(Consumer<Comparison> visitor);

  /**
   * {@code target ref op value}; for {@link Op#BETWEEN}, {@code value} is the lower and {@code
   * upper} the upper bound, otherwise {@code upper == value}.
   */
  record Comparison(Target target, String ref, Op op, int value, int upper) implements Condition {

    public Comparison {
      Objects.requireNonNull(target, "target");
      Objects.requireNonNull(ref, "ref");
      Objects.requireNonNull(op, "op");
      if (op == Op.BETWEEN && value > upper) {
        throw new IllegalArgumentException(
            target.key()
                + " "
                + ref
                + " between "
                + value
                + " and "
                + upper
                + ": min is above max");
      }
      if (op != Op.BETWEEN && upper != value) {
        throw new IllegalArgumentException(
            target.key() + " " + ref + " " + op.symbol() + ": only between takes an upper bound");
      }
    }

    /** {@code target ref op value}. */
    public static Comparison of(Target target, String ref, Op op, int value) {
      return new Comparison(target, ref, op, value, value);
    }

    /** {@code min <= target ref <= max}. */
    public static Comparison between(Target target, String ref, int min, int max) {
      return new Comparison(target, ref, Op.BETWEEN, min, max);
    }

    @Override
    public void forEachComparison(Consumer<Comparison> visitor) {
      visitor.accept(this);
    }
  }

  /** Every nested condition holds. */
  record All(List<Condition> of) implements Condition {

    public All {
      of = List.copyOf(of);
      if (of.isEmpty()) {
        throw new IllegalArgumentException("'all' lists no conditions");
      }
    }

    @Override
    public void forEachComparison(Consumer<Comparison> visitor) {
      for (Condition c : of) {
        c.forEachComparison(visitor);
      }
    }
  }

  /** At least one nested condition holds. */
  record Any(List<Condition> of) implements Condition {

    public Any {
      of = List.copyOf(of);
      if (of.isEmpty()) {
        throw new IllegalArgumentException("'any' lists no conditions");
      }
    }

    @Override
    public void forEachComparison(Consumer<Comparison> visitor) {
      for (Condition c : of) {
        c.forEachComparison(visitor);
      }
    }
  }
}
