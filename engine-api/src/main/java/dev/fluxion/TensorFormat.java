package dev.fluxion;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.IntToDoubleFunction;
import java.util.function.IntToLongFunction;

/**
 * The text of a tensor, as NumPy 1.24 prints {@code repr(np.array(...))} with its default print
 * options, under the name {@code Tensor} (as MyGrad does).
 *
 * <p>Elements print in row-major order inside nested brackets, separated by {@code ", "}. Rows of
 * the last axis wrap at 75 columns, continuation lines being indented under the first element;
 * sub-arrays of higher axes go on their own lines, separated by one blank line per axis beyond
 * the second-to-last. A tensor of more than 1000 elements is summarised: every axis longer than
 * 6 shows only its first 3 and last 3 entries, with {@code ...} between them, and the layout of
 * the elements is fitted to the entries shown.
 *
 * <p>All elements of a tensor share one layout:
 *
 * <ul>
 *   <li>floating values print the shortest decimal digits that read back as the same value in
 *       the tensor's own precision ({@code 0.1} for the FLOAT32 nearest to 0.1), with at most 8
 *       digits after the point. They are positional ({@code 2.25}, {@code 4.}) unless the largest
 *       nonzero magnitude is at least 1e8, the smallest is below 1e-4 or their ratio exceeds
 *       1000; then all are scientific with a common number of fraction digits ({@code 1.5e-05}).
 *       Positional values are padded with spaces on both sides so that their points align;
 *       {@code nan}, {@code inf} and {@code -inf} are right-aligned to the same width;
 *   <li>integers are right-aligned to the widest one;
 *   <li>booleans print as {@code  True} (with a leading space, except in a 0-d tensor) and
 *       {@code False}.
 * </ul>
 *
 * <p>The text is {@code Tensor(} + elements + {@code )}, with {@code , dtype=NAME} before the
 * closing parenthesis for every type but FLOAT64 (NumPy leaves it out for int64 and bool too),
 * moved to its own line when it would pass column 75. An empty tensor prints {@code []},
 * followed by {@code , shape=(...)} unless it is one-dimensional.
 */
final class TensorFormat {
  private static final String PREFIX = "Tensor(";
  private static final String SEPARATOR = ", ";
  private static final String ELLIPSIS = "...";
  private static final int LINE_WIDTH = 75;
  private static final int THRESHOLD = 1000;
  private static final int EDGE_ITEMS = 3;
  private static final int PRECISION = 8;

  private TensorFormat() {}

  /**
   * Formats a tensor.
   *
   * @param data the elements in row-major order: a {@code double[]}, {@code float[]}, {@code
   *     int[]}, {@code long[]} or {@code boolean[]} as {@code dtype} requires
   * @param shape the extent of each axis; empty for a 0-d tensor
   * @param dtype the element type
   */
  static String format(Object data, long[] shape, DType dtype) {
    int size = checkedSize(data, shape, dtype);
    boolean showDtype = dtype != DType.FLOAT64;
    String suffix = showDtype ? "," : ")";
    String elements =
        size == 0
            ? emptyElements(shape)
            : new Layout(data, shape, dtype).render(LINE_WIDTH - suffix.length());
    String text = PREFIX + elements + suffix;
    return showDtype ? appendDtype(text, dtype) : text;
  }

  private static int checkedSize(Object data, long[] shape, DType dtype) {
    Class<?> expected =
        switch (dtype) {
          case BOOL -> boolean[].class;
          case INT32 -> int[].class;
          case INT64 -> long[].class;
          case FLOAT32 -> float[].class;
          case FLOAT64 -> double[].class;
        };
    if (data == null || data.getClass() != expected) {
      throw new IllegalArgumentException(
          "data for " + dtype.numpyName() + " must be a " + expected.getSimpleName());
    }
    long size = 1;
    for (long extent : shape) {
      if (extent < 0) {
        throw new IllegalArgumentException("negative extent in shape " + shapeTuple(shape));
      }
      size = Math.multiplyExact(size, extent);
    }
    int length = java.lang.reflect.Array.getLength(data);
    if (size != length) {
      throw new IllegalArgumentException(
          "shape " + shapeTuple(shape) + " needs " + size + " elements, data has " + length);
    }
    return length;
  }

  private static String emptyElements(long[] shape) {
    return shape.length == 1 ? "[]" : "[], shape=" + shapeTuple(shape);
  }

  /** The shape as Python prints a tuple of at least two extents: {@code (0, 3)}. */
  private static String shapeTuple(long[] shape) {
    StringBuilder tuple = new StringBuilder("(");
    for (int axis = 0; axis < shape.length; axis++) {
      tuple.append(axis == 0 ? "" : ", ").append(shape[axis]);
    }
    return tuple.append(')').toString();
  }

  private static String appendDtype(String text, DType dtype) {
    String dtypeText = "dtype=" + dtype.numpyName() + ")";
    int lastLineLength = text.length() - (text.lastIndexOf('\n') + 1);
    boolean fits = lastLineLength + 1 + dtypeText.length() <= LINE_WIDTH;
    String spacer = fits ? " " : "\n" + " ".repeat(PREFIX.length());
    return text + spacer + dtypeText;
  }

  /** Which elements of a nonempty tensor are shown, how each prints, and how they nest. */
  private static final class Layout {
    private final int[] shape;
    private final int[] strides;
    private final boolean summarised;
    private final IntFunction<String> element;

    Layout(Object data, long[] shape, DType dtype) {
      this.shape = new int[shape.length];
      this.strides = new int[shape.length];
      int stride = 1;
      for (int axis = shape.length - 1; axis >= 0; axis--) {
        this.shape[axis] = (int) shape[axis];
        strides[axis] = stride;
        stride *= this.shape[axis];
      }
      this.summarised = stride > THRESHOLD;
      this.element = elementFormat(data, dtype, shownOffsets(), shape.length == 0);
    }

    /** The elements, with {@code lineWidth} columns for the prefix and the elements. */
    String render(int lineWidth) {
      return render(0, 0, " ".repeat(PREFIX.length() + 1), lineWidth);
    }

    /** Mirrors NumPy's {@code _formatArray}: the sub-array at {@code offset} from {@code axis}. */
    private String render(int axis, int offset, String indent, int width) {
      if (axis == shape.length) {
        return element.apply(offset);
      }
      List<String> parts = new ArrayList<>();
      int[] indices = shownIndices(axis);
      for (int k = 0; k < indices.length; k++) {
        if (k == EDGE_ITEMS && isSummarised(axis)) {
          parts.add(ELLIPSIS);
        }
        parts.add(render(axis + 1, offset + indices[k] * strides[axis], indent + " ", width - 1));
      }
      String body =
          axis == shape.length - 1
              ? wrapRow(parts, indent, width - 1)
              : stackBlocks(parts, indent, shape.length - axis - 1);
      return "[" + body.substring(indent.length()) + "]";
    }

    /** Elements of the last axis, filled into lines of {@code width} columns before the comma. */
    private static String wrapRow(List<String> words, String indent, int width) {
      StringBuilder text = new StringBuilder();
      String line = indent;
      for (int k = 0; k < words.size(); k++) {
        String word = words.get(k);
        if (line.length() + word.length() > width && line.length() > indent.length()) {
          text.append(line.stripTrailing()).append('\n');
          line = indent;
        }
        line += word;
        if (k < words.size() - 1) {
          line += SEPARATOR;
        }
      }
      return text.append(line).toString();
    }

    /** Sub-arrays one per line, with {@code blankLines} empty lines between them. */
    private static String stackBlocks(List<String> blocks, String indent, int blankLines) {
      String lineSeparator = SEPARATOR.strip() + "\n".repeat(blankLines);
      StringBuilder text = new StringBuilder();
      for (int k = 0; k < blocks.size(); k++) {
        text.append(k == 0 ? "" : lineSeparator).append(indent).append(blocks.get(k));
      }
      return text.toString();
    }

    private boolean isSummarised(int axis) {
      return summarised && shape[axis] > 2 * EDGE_ITEMS;
    }

    private int[] shownIndices(int axis) {
      int extent = shape[axis];
      if (isSummarised(axis)) {
        return new int[] {0, 1, 2, extent - 3, extent - 2, extent - 1};
      }
      int[] all = new int[extent];
      for (int i = 0; i < extent; i++) {
        all[i] = i;
      }
      return all;
    }

    /** The offsets in the data of every element shown, in row-major order. */
    private int[] shownOffsets() {
      List<Integer> offsets = new ArrayList<>();
      collectOffsets(0, 0, offsets);
      return offsets.stream().mapToInt(Integer::intValue).toArray();
    }

    private void collectOffsets(int axis, int offset, List<Integer> offsets) {
      if (axis == shape.length) {
        offsets.add(offset);
        return;
      }
      for (int index : shownIndices(axis)) {
        collectOffsets(axis + 1, offset + index * strides[axis], offsets);
      }
    }
  }

  /** How each element prints, given its offset, fitted to the elements at {@code shown}. */
  private static IntFunction<String> elementFormat(
      Object data, DType dtype, int[] shown, boolean scalar) {
    return switch (dtype) {
      case BOOL -> boolFormat((boolean[]) data, scalar);
      case INT32 -> integerFormat(i -> ((int[]) data)[i], shown);
      case INT64 -> integerFormat(i -> ((long[]) data)[i], shown);
      case FLOAT32 -> new FloatFormat(i -> ((float[]) data)[i], true, shown);
      case FLOAT64 -> new FloatFormat(i -> ((double[]) data)[i], false, shown);
    };
  }

  private static IntFunction<String> boolFormat(boolean[] data, boolean scalar) {
    String trueText = scalar ? "True" : " True";
    return i -> data[i] ? trueText : "False";
  }

  private static IntFunction<String> integerFormat(IntToLongFunction values, int[] shown) {
    int width = 0;
    for (int offset : shown) {
      width = Math.max(width, Long.toString(values.applyAsLong(offset)).length());
    }
    int fitted = width;
    return i -> padLeft(Long.toString(values.applyAsLong(i)), fitted);
  }

  private static String padLeft(String text, int width) {
    return " ".repeat(Math.max(0, width - text.length())) + text;
  }

  private static String padRight(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }

  /** NumPy's {@code FloatingFormat} with precision 8 and float mode {@code maxprec}. */
  private static final class FloatFormat implements IntFunction<String> {
    private final IntToDoubleFunction values;
    private final boolean single;
    private final boolean scientific;
    /** Columns left of the point, sign included. */
    private int integerWidth;
    /** Columns right of the point, exponent included. */
    private int fractionWidth;
    private int fractionDigits;
    private int exponentDigits;

    /** Fits the layout to the elements at {@code shown}; {@code single} for FLOAT32 values. */
    FloatFormat(IntToDoubleFunction values, boolean single, int[] shown) {
      this.values = values;
      this.single = single;
      double[] finite = Arrays.stream(shown).mapToDouble(values).filter(Double::isFinite).toArray();
      this.scientific = needsScientific(finite);
      if (scientific) {
        fitScientific(finite);
      } else {
        fitPositional(finite);
      }
      if (finite.length < shown.length) {
        fitNonFinite(shown);
      }
    }

    @Override
    public String apply(int offset) {
      double x = values.applyAsDouble(offset);
      if (!Double.isFinite(x)) {
        return padLeft(nonFiniteText(x), integerWidth + 1 + fractionWidth);
      }
      return scientific ? scientificText(x) : positionalText(x);
    }

    private static boolean needsScientific(double[] finite) {
      double max = 0;
      double min = Double.POSITIVE_INFINITY;
      for (double x : finite) {
        if (x != 0) {
          max = Math.max(max, Math.abs(x));
          min = Math.min(min, Math.abs(x));
        }
      }
      return max != 0 && (max >= 1e8 || min < 1e-4 || max / min > 1000);
    }

    private void fitPositional(double[] finite) {
      for (double x : finite) {
        Positional parts = positional(x);
        integerWidth = Math.max(integerWidth, parts.integer().length());
        fractionWidth = Math.max(fractionWidth, parts.fraction().length());
      }
    }

    private void fitScientific(double[] finite) {
      for (double x : finite) {
        Scientific parts = scientific(x, uniqueDigits(Math.abs(x), PRECISION + 1));
        integerWidth = Math.max(integerWidth, parts.lead().length());
        fractionDigits = Math.max(fractionDigits, parts.fraction().length());
        exponentDigits = Math.max(exponentDigits, exponentDigits(parts.exponent()));
      }
      fractionWidth = fractionDigits + 2 + exponentDigits;
    }

    /** Widens the columns left of the point so that {@code nan} and {@code -inf} fit. */
    private void fitNonFinite(int[] shown) {
      boolean negativeInfinity =
          Arrays.stream(shown).mapToDouble(values).anyMatch(x -> x == Double.NEGATIVE_INFINITY);
      int width = negativeInfinity ? "-inf".length() : "nan".length();
      integerWidth = Math.max(integerWidth, width - (fractionWidth + 1));
    }

    private static String nonFiniteText(double x) {
      return Double.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    }

    private String positionalText(double x) {
      Positional parts = positional(x);
      return padLeft(parts.integer(), integerWidth)
          + "."
          + padRight(parts.fraction(), fractionWidth);
    }

    private String scientificText(double x) {
      double magnitude = Math.abs(x);
      BigDecimal digits = uniqueDigits(magnitude, fractionDigits + 1);
      // Short digits are extended with the value's own (FLOAT32 0.3 gives 3.0000001e-01).
      if (digits.precision() < fractionDigits + 1) {
        digits = roundExact(magnitude, fractionDigits + 1);
      }
      Scientific parts = scientific(x, digits);
      String fraction = parts.fraction() + "0".repeat(fractionDigits - parts.fraction().length());
      return padLeft(parts.lead(), integerWidth)
          + "."
          + fraction
          + exponentText(parts.exponent(), exponentDigits);
    }

    /** The digits {@code exponent} prints with on its own: at least two. */
    private static int exponentDigits(int exponent) {
      return Math.max(2, Integer.toString(Math.abs(exponent)).length());
    }

    /** {@code e}, the sign and {@code digits} digits of {@code exponent}, padded with zeros. */
    private static String exponentText(int exponent, int digits) {
      String magnitude = Integer.toString(Math.abs(exponent));
      return (exponent < 0 ? "e-" : "e+") + "0".repeat(digits - magnitude.length()) + magnitude;
    }

    /**
     * Signed integer part and fraction of {@code x}: its shortest digits, or its value rounded to
     * 8 digits after the point if those are longer, always extended to the units (a FLOAT32 of
     * 94812392 prints so, not as 94812390).
     */
    private Positional positional(double x) {
      double magnitude = Math.abs(x);
      BigDecimal exact = new BigDecimal(magnitude);
      // Positional values are 0 or at least 1e-4, so this counts at least 5 digits.
      int digitsToPrecision = exact.precision() - exact.scale() + PRECISION;
      BigDecimal digits = uniqueDigits(magnitude, digitsToPrecision);
      if (digits.scale() < 0) {
        digits = exact.setScale(0, RoundingMode.HALF_EVEN);
      }
      String plain = digits.stripTrailingZeros().toPlainString();
      int point = plain.indexOf('.');
      return point < 0
          ? new Positional(sign(x) + plain, "")
          : new Positional(sign(x) + plain.substring(0, point), plain.substring(point + 1));
    }

    /** {@code x} in scientific notation, with the significant digits of {@code digits}. */
    private static Scientific scientific(double x, BigDecimal digits) {
      String unscaled = digits.unscaledValue().toString();
      int exponent = digits.signum() == 0 ? 0 : digits.precision() - digits.scale() - 1;
      return new Scientific(sign(x) + unscaled.charAt(0), unscaled.substring(1), exponent);
    }

    private static String sign(double x) {
      return Double.doubleToRawLongBits(x) < 0 ? "-" : "";
    }

    private static BigDecimal roundExact(double magnitude, int significantDigits) {
      return new BigDecimal(magnitude)
          .round(new MathContext(significantDigits, RoundingMode.HALF_EVEN))
          .stripTrailingZeros();
    }

    /**
     * Dragon4's unique digits with a cutoff, without trailing zeros: the fewest significant
     * digits, at most {@code maxDigits}, that read back as {@code magnitude} in this format's
     * precision, else {@code magnitude} rounded to {@code maxDigits}.
     */
    private BigDecimal uniqueDigits(double magnitude, int maxDigits) {
      if (magnitude == 0) {
        return BigDecimal.ZERO;
      }
      BigDecimal exact = new BigDecimal(magnitude);
      ReadBack interval = readBack(magnitude);
      // A decimal that reads back is one of every longer count too, so most values end here.
      if (interval.nearest(exact, maxDigits).isEmpty()) {
        return roundExact(magnitude, maxDigits);
      }
      for (int count = 1; ; count++) {
        Optional<BigDecimal> digits = interval.nearest(exact, count);
        if (digits.isPresent()) {
          return digits.get();
        }
      }
    }

    /** The decimals that parse back to {@code magnitude}, a positive value of this precision. */
    private ReadBack readBack(double magnitude) {
      double below = single ? Math.nextDown((float) magnitude) : Math.nextDown(magnitude);
      double gapAbove = single ? Math.ulp((float) magnitude) : Math.ulp(magnitude);
      boolean even =
          single
              ? (Float.floatToRawIntBits((float) magnitude) & 1) == 0
              : (Double.doubleToRawLongBits(magnitude) & 1) == 0;
      BigDecimal exact = new BigDecimal(magnitude);
      BigDecimal half = BigDecimal.valueOf(5, 1);
      return new ReadBack(
          exact.add(new BigDecimal(below)).multiply(half),
          exact.add(new BigDecimal(gapAbove).multiply(half)),
          even);
    }

    /**
     * The decimals strictly between two midpoints, and the midpoints themselves when the value
     * has an even significand (parsing rounds half to even).
     */
    private record ReadBack(BigDecimal low, BigDecimal high, boolean closed) {
      boolean contains(BigDecimal decimal) {
        int fromLow = decimal.compareTo(low);
        int fromHigh = decimal.compareTo(high);
        return closed ? fromLow >= 0 && fromHigh <= 0 : fromLow > 0 && fromHigh < 0;
      }

      /** The nearer to {@code exact} of its neighbours of {@code count} digits that lie here. */
      Optional<BigDecimal> nearest(BigDecimal exact, int count) {
        boolean down = contains(exact.round(new MathContext(count, RoundingMode.DOWN)));
        boolean up = contains(exact.round(new MathContext(count, RoundingMode.UP)));
        if (!down && !up) {
          return Optional.empty();
        }
        RoundingMode mode =
            down && up ? RoundingMode.HALF_EVEN : down ? RoundingMode.DOWN : RoundingMode.UP;
        return Optional.of(exact.round(new MathContext(count, mode)).stripTrailingZeros());
      }
    }

    private record Positional(String integer, String fraction) {}

    private record Scientific(String lead, String fraction, int exponent) {}
  }
}
