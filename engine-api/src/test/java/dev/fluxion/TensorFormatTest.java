package dev.fluxion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link TensorFormat} against the text NumPy 1.24 prints for the same arrays: {@code
 * repr(np.array(...))} with {@code Tensor(} for {@code array(}, a 7-column indent, and the dtype
 * named for every type but float64.
 */
class TensorFormatTest {

  private static void assertFormat(String expected, Object data, DType dtype, long... shape) {
    assertEquals(expected, TensorFormat.format(data, shape, dtype));
  }

  /** {@code np.arange(n) * step}. */
  private static double[] ramp(int n, double step) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i * step;
    }
    return values;
  }

  /** {@code np.arange(n) / divisor}. */
  private static double[] ratios(int n, double divisor) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = i / divisor;
    }
    return values;
  }

  /** {@code values + delta}. */
  private static double[] offset(double[] values, double delta) {
    double[] shifted = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      shifted[i] = values[i] + delta;
    }
    return shifted;
  }

  /** {@code values} with element {@code index} replaced by {@code value}. */
  private static double[] with(double[] values, int index, double value) {
    double[] copy = values.clone();
    copy[index] = value;
    return copy;
  }

  /** {@code values.astype(np.float32)}. */
  private static float[] single(double[] values) {
    float[] narrowed = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      narrowed[i] = (float) values[i];
    }
    return narrowed;
  }

  /** {@code np.arange(n, dtype=np.int32)}. */
  private static int[] intRamp(int n) {
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    return values;
  }

  /** {@code np.arange(n, dtype=np.int64) * step}. */
  private static long[] longRamp(int n, long step) {
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = i * step;
    }
    return values;
  }

  @Test
  void scalarFloat64() {
    assertFormat(
        "Tensor(25.)",
        new double[] {25.0},
        DType.FLOAT64);
  }

  @Test
  void scalarFloat32() {
    assertFormat(
        "Tensor(2.5, dtype=float32)",
        new float[] {2.5f},
        DType.FLOAT32);
  }

  @Test
  void scalarFloat32ShortestDigits() {
    assertFormat(
        "Tensor(0.1, dtype=float32)",
        new float[] {0.1f},
        DType.FLOAT32);
  }

  @Test
  void scalarNan() {
    assertFormat(
        "Tensor(nan)",
        new double[] {Double.NaN},
        DType.FLOAT64);
  }

  @Test
  void scalarNegativeInfinity() {
    assertFormat(
        "Tensor(-inf)",
        new double[] {Double.NEGATIVE_INFINITY},
        DType.FLOAT64);
  }

  @Test
  void scalarScientific() {
    assertFormat(
        "Tensor(1.e-05)",
        new double[] {1e-05},
        DType.FLOAT64);
  }

  @Test
  void scalarInt32() {
    assertFormat(
        "Tensor(-7, dtype=int32)",
        new int[] {-7},
        DType.INT32);
  }

  @Test
  void scalarInt64() {
    assertFormat(
        "Tensor(123456789012, dtype=int64)",
        new long[] {123456789012L},
        DType.INT64);
  }

  @Test
  void scalarBool() {
    assertFormat(
        "Tensor(True, dtype=bool)",
        new boolean[] {true},
        DType.BOOL);
  }

  @Test
  void integralFloats() {
    assertFormat(
        "Tensor([ 4., -8.,  2.,  6.])",
        new double[] {4.0, -8.0, 2.0, 6.0},
        DType.FLOAT64, 4);
  }

  @Test
  void fractionsOfDifferentLengths() {
    assertFormat(
        "Tensor([1.5 , 2.25])",
        new double[] {1.5, 2.25},
        DType.FLOAT64, 2);
  }

  @Test
  void mixedSignsAndMagnitudes() {
    assertFormat(
        "Tensor([  0.1       ,  -0.25      ,   0.33333333, 100.        ])",
        new double[] {0.1, -0.25, 0.3333333333333333, 100.0},
        DType.FLOAT64, 4);
  }

  @Test
  void negativeZero() {
    assertFormat(
        "Tensor([-0. ,  1.5])",
        new double[] {-0.0, 1.5},
        DType.FLOAT64, 2);
  }

  @Test
  void fractionCappedAtEightDigits() {
    assertFormat(
        "Tensor([0.12345679, 0.66666667, 0.00195312])",
        new double[] {0.123456789, 0.6666666666666666, 0.001953125},
        DType.FLOAT64, 3);
  }

  @Test
  void fractionRoundsUpToInteger() {
    assertFormat(
        "Tensor([1. , 0.5])",
        new double[] {0.999999999, 0.5},
        DType.FLOAT64, 2);
  }

  @Test
  void scientificForTinyValues() {
    assertFormat(
        "Tensor([ 1.e-05,  5.e-01, -3.e-07])",
        new double[] {1e-05, 0.5, -3e-07},
        DType.FLOAT64, 3);
  }

  @Test
  void scientificForHugeValues() {
    assertFormat(
        "Tensor([ 1.0e+08,  1.5e+00, -2.5e+10])",
        new double[] {100000000.0, 1.5, -25000000000.0},
        DType.FLOAT64, 3);
  }

  @Test
  void scientificForWideRange() {
    assertFormat(
        "Tensor([5.0000e-01, 1.2345e+03])",
        new double[] {0.5, 1234.5},
        DType.FLOAT64, 2);
  }

  @Test
  void scientificIntegralMantissas() {
    assertFormat(
        "Tensor([1.e-05, 1.e+05])",
        new double[] {1e-05, 100000.0},
        DType.FLOAT64, 2);
  }

  @Test
  void scientificCappedAtNineDigits() {
    assertFormat(
        "Tensor([ 1.00000000e-04, -1.23456789e+05])",
        new double[] {9.999999999999e-05, -123456.7891234},
        DType.FLOAT64, 2);
  }

  @Test
  void scientificThreeDigitExponents() {
    assertFormat(
        "Tensor([1.e+300, 1.e-300, 5.e-324])",
        new double[] {1e+300, 1e-300, 5e-324},
        DType.FLOAT64, 3);
  }

  @Test
  void nanAndInfinityPositional() {
    assertFormat(
        "Tensor([ 1. ,  nan, -inf,  2.5])",
        new double[] {1.0, Double.NaN, Double.NEGATIVE_INFINITY, 2.5},
        DType.FLOAT64, 4);
  }

  @Test
  void nanAndInfinityScientific() {
    assertFormat(
        "Tensor([1.e-05,    nan,    inf])",
        new double[] {1e-05, Double.NaN, Double.POSITIVE_INFINITY},
        DType.FLOAT64, 3);
  }

  @Test
  void onlyNonFinite() {
    assertFormat(
        "Tensor([ nan,  inf, -inf])",
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY},
        DType.FLOAT64, 3);
  }

  @Test
  void float32ShortestDigits() {
    assertFormat(
        "Tensor([0.1       , 0.33333334, 0.6666667 ], dtype=float32)",
        new float[] {0.1f, 0.33333334f, 0.6666667f},
        DType.FLOAT32, 3);
  }

  @Test
  void float32ScientificPadsWithExactDigits() {
    assertFormat(
        "Tensor([3.0000001e-01, 1.2345678e-05, 9.9999997e-06], dtype=float32)",
        new float[] {0.3f, 1.2345678e-05f, 1e-05f},
        DType.FLOAT32, 3);
  }

  @Test
  void float32IntegerDigitsAreExact() {
    assertFormat(
        "Tensor([94812392. ,  3968700.8], dtype=float32)",
        new float[] {94812392f, 3968700.8f},
        DType.FLOAT32, 2);
  }

  @Test
  void float32Large() {
    assertFormat(
        "Tensor([ 1.6777216e+07,  5.0000000e-01, -2.0000000e+00], dtype=float32)",
        new float[] {16777216f, 0.5f, -2f},
        DType.FLOAT32, 3);
  }

  @Test
  void float32Matrix() {
    assertFormat(
        "Tensor([[1.e-01, 2.e-01],\n"
            + "        [3.e-01, 1.e+03]], dtype=float32)",
        new float[] {0.1f, 0.2f, 0.3f, 1000f},
        DType.FLOAT32, 2, 2);
  }

  @Test
  void int32() {
    assertFormat(
        "Tensor([1, 2, 3], dtype=int32)",
        new int[] {1, 2, 3},
        DType.INT32, 3);
  }

  @Test
  void int64WithNegatives() {
    assertFormat(
        "Tensor([ -100,     5, 20000], dtype=int64)",
        new long[] {-100L, 5L, 20000L},
        DType.INT64, 3);
  }

  @Test
  void int32Matrix() {
    assertFormat(
        "Tensor([[   -1,    20],\n"
            + "        [  300, -4000]], dtype=int32)",
        new int[] {-1, 20, 300, -4000},
        DType.INT32, 2, 2);
  }

  @Test
  void bool() {
    assertFormat(
        "Tensor([ True, False], dtype=bool)",
        new boolean[] {true, false},
        DType.BOOL, 2);
  }

  @Test
  void boolMatrix() {
    assertFormat(
        "Tensor([[ True, False,  True],\n"
            + "        [False, False,  True]], dtype=bool)",
        new boolean[] {true, false, true, false, false, true},
        DType.BOOL, 2, 3);
  }

  @Test
  void matrix() {
    assertFormat(
        "Tensor([[ 5., 14.],\n"
            + "        [14., 50.]])",
        new double[] {5.0, 14.0, 14.0, 50.0},
        DType.FLOAT64, 2, 2);
  }

  @Test
  void matrixOfFractions() {
    assertFormat(
        "Tensor([[ 1.5  , -2.   ],\n"
            + "        [ 0.125, 10.   ],\n"
            + "        [ 3.   , -0.5  ]])",
        new double[] {1.5, -2.0, 0.125, 10.0, 3.0, -0.5},
        DType.FLOAT64, 3, 2);
  }

  @Test
  void threeDimensional() {
    assertFormat(
        "Tensor([[[ 0. ,  0.5,  1. ,  1.5],\n"
            + "         [ 2. ,  2.5,  3. ,  3.5],\n"
            + "         [ 4. ,  4.5,  5. ,  5.5]],\n"
            + "\n"
            + "        [[ 6. ,  6.5,  7. ,  7.5],\n"
            + "         [ 8. ,  8.5,  9. ,  9.5],\n"
            + "         [10. , 10.5, 11. , 11.5]]])",
        ramp(24, 0.5),
        DType.FLOAT64, 2, 3, 4);
  }

  @Test
  void fourDimensional() {
    assertFormat(
        "Tensor([[[[0, 1]],\n"
            + "\n"
            + "         [[2, 3]]],\n"
            + "\n"
            + "\n"
            + "        [[[4, 5]],\n"
            + "\n"
            + "         [[6, 7]]]], dtype=int32)",
        new int[] {0, 1, 2, 3, 4, 5, 6, 7},
        DType.INT32, 2, 2, 1, 2);
  }

  @Test
  void longRowWraps() {
    assertFormat(
        "Tensor([ 0.,  1.,  2.,  3.,  4.,  5.,  6.,  7.,  8.,  9., 10., 11., 12.,\n"
            + "        13., 14., 15., 16., 17., 18., 19., 20., 21., 22., 23., 24., 25.,\n"
            + "        26., 27., 28., 29.])",
        ramp(30, 1),
        DType.FLOAT64, 30);
  }

  @Test
  void longRowOfFractionsWraps() {
    assertFormat(
        "Tensor([0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,\n"
            + "        0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,\n"
            + "        1.42857143, 1.57142857, 1.71428571, 1.85714286, 2.        ,\n"
            + "        2.14285714, 2.28571429, 2.42857143, 2.57142857, 2.71428571])",
        ratios(20, 7),
        DType.FLOAT64, 20);
  }

  @Test
  void float32RowWraps() {
    assertFormat(
        "Tensor([0.        , 0.33333334, 0.6666667 , 1.        , 1.3333334 ,\n"
            + "        1.6666666 , 2.        , 2.3333333 , 2.6666667 , 3.        ,\n"
            + "        3.3333333 , 3.6666667 , 4.        , 4.3333335 , 4.6666665 ,\n"
            + "        5.        , 5.3333335 , 5.6666665 , 6.        , 6.3333335 ,\n"
            + "        6.6666665 , 7.        , 7.3333335 , 7.6666665 , 8.        ],\n"
            + "       dtype=float32)",
        single(ratios(25, 3)),
        DType.FLOAT32, 25);
  }

  @Test
  void dtypeMovesToItsOwnLine() {
    assertFormat(
        "Tensor([   0, 1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000, 9000],\n"
            + "       dtype=int64)",
        longRamp(10, 1000),
        DType.INT64, 10);
  }

  @Test
  void dtypeFollowsWrappedRow() {
    assertFormat(
        "Tensor([    0,  1000,  2000,  3000,  4000,  5000,  6000,  7000,  8000,\n"
            + "         9000, 10000, 11000, 12000, 13000, 14000, 15000, 16000, 17000,\n"
            + "        18000, 19000], dtype=int64)",
        longRamp(20, 1000),
        DType.INT64, 20);
  }

  @Test
  void matrixRowsWrap() {
    assertFormat(
        "Tensor([[0.        , 0.14285714, 0.28571429, 0.42857143, 0.57142857,\n"
            + "         0.71428571, 0.85714286, 1.        , 1.14285714, 1.28571429,\n"
            + "         1.42857143, 1.57142857, 1.71428571, 1.85714286, 2.        ],\n"
            + "        [2.14285714, 2.28571429, 2.42857143, 2.57142857, 2.71428571,\n"
            + "         2.85714286, 3.        , 3.14285714, 3.28571429, 3.42857143,\n"
            + "         3.57142857, 3.71428571, 3.85714286, 4.        , 4.14285714]])",
        ratios(30, 7),
        DType.FLOAT64, 2, 15);
  }

  @Test
  void summarisedRow() {
    assertFormat(
        "Tensor([0.000e+00, 5.000e-01, 1.000e+00, ..., 9.985e+02, 9.990e+02,\n"
            + "        9.995e+02])",
        ramp(2000, 0.5),
        DType.FLOAT64, 2000);
  }

  @Test
  void summarisedInt32Row() {
    assertFormat(
        "Tensor([   0,    1,    2, ...,  998,  999, 1000], dtype=int32)",
        intRamp(1001),
        DType.INT32, 1001);
  }

  @Test
  void summaryFitsShownElementsOnly() {
    assertFormat(
        "Tensor([   0.,    1.,    2., ...,  998.,  999., 1000.])",
        with(ramp(1001, 1), 500, 1e9),
        DType.FLOAT64, 1001);
  }

  @Test
  void summarisedMatrix() {
    assertFormat(
        "Tensor([[0.00000000e+00, 1.42857143e-01, 2.85714286e-01, ...,\n"
            + "         6.71428571e+00, 6.85714286e+00, 7.00000000e+00],\n"
            + "        [7.14285714e+00, 7.28571429e+00, 7.42857143e+00, ...,\n"
            + "         1.38571429e+01, 1.40000000e+01, 1.41428571e+01],\n"
            + "        [1.42857143e+01, 1.44285714e+01, 1.45714286e+01, ...,\n"
            + "         2.10000000e+01, 2.11428571e+01, 2.12857143e+01],\n"
            + "        ...,\n"
            + "        [2.64285714e+02, 2.64428571e+02, 2.64571429e+02, ...,\n"
            + "         2.71000000e+02, 2.71142857e+02, 2.71285714e+02],\n"
            + "        [2.71428571e+02, 2.71571429e+02, 2.71714286e+02, ...,\n"
            + "         2.78142857e+02, 2.78285714e+02, 2.78428571e+02],\n"
            + "        [2.78571429e+02, 2.78714286e+02, 2.78857143e+02, ...,\n"
            + "         2.85285714e+02, 2.85428571e+02, 2.85571429e+02]])",
        ratios(2000, 7),
        DType.FLOAT64, 40, 50);
  }

  @Test
  void summarisedLongAxisOnly() {
    assertFormat(
        "Tensor([[0.0000e+00, 2.5000e-01, 5.0000e-01],\n"
            + "        [7.5000e-01, 1.0000e+00, 1.2500e+00],\n"
            + "        [1.5000e+00, 1.7500e+00, 2.0000e+00],\n"
            + "        ...,\n"
            + "        [2.4825e+02, 2.4850e+02, 2.4875e+02],\n"
            + "        [2.4900e+02, 2.4925e+02, 2.4950e+02],\n"
            + "        [2.4975e+02, 2.5000e+02, 2.5025e+02]])",
        ramp(1002, 0.25),
        DType.FLOAT64, 334, 3);
  }

  @Test
  void summarisedThreeDimensional() {
    assertFormat(
        "Tensor([[[   0,    1,    2, ...,    8,    9,   10],\n"
            + "         [  11,   12,   13, ...,   19,   20,   21],\n"
            + "         [  22,   23,   24, ...,   30,   31,   32],\n"
            + "         ...,\n"
            + "         [  77,   78,   79, ...,   85,   86,   87],\n"
            + "         [  88,   89,   90, ...,   96,   97,   98],\n"
            + "         [  99,  100,  101, ...,  107,  108,  109]],\n"
            + "\n"
            + "        [[ 110,  111,  112, ...,  118,  119,  120],\n"
            + "         [ 121,  122,  123, ...,  129,  130,  131],\n"
            + "         [ 132,  133,  134, ...,  140,  141,  142],\n"
            + "         ...,\n"
            + "         [ 187,  188,  189, ...,  195,  196,  197],\n"
            + "         [ 198,  199,  200, ...,  206,  207,  208],\n"
            + "         [ 209,  210,  211, ...,  217,  218,  219]],\n"
            + "\n"
            + "        [[ 220,  221,  222, ...,  228,  229,  230],\n"
            + "         [ 231,  232,  233, ...,  239,  240,  241],\n"
            + "         [ 242,  243,  244, ...,  250,  251,  252],\n"
            + "         ...,\n"
            + "         [ 297,  298,  299, ...,  305,  306,  307],\n"
            + "         [ 308,  309,  310, ...,  316,  317,  318],\n"
            + "         [ 319,  320,  321, ...,  327,  328,  329]],\n"
            + "\n"
            + "        ...,\n"
            + "\n"
            + "        [[ 770,  771,  772, ...,  778,  779,  780],\n"
            + "         [ 781,  782,  783, ...,  789,  790,  791],\n"
            + "         [ 792,  793,  794, ...,  800,  801,  802],\n"
            + "         ...,\n"
            + "         [ 847,  848,  849, ...,  855,  856,  857],\n"
            + "         [ 858,  859,  860, ...,  866,  867,  868],\n"
            + "         [ 869,  870,  871, ...,  877,  878,  879]],\n"
            + "\n"
            + "        [[ 880,  881,  882, ...,  888,  889,  890],\n"
            + "         [ 891,  892,  893, ...,  899,  900,  901],\n"
            + "         [ 902,  903,  904, ...,  910,  911,  912],\n"
            + "         ...,\n"
            + "         [ 957,  958,  959, ...,  965,  966,  967],\n"
            + "         [ 968,  969,  970, ...,  976,  977,  978],\n"
            + "         [ 979,  980,  981, ...,  987,  988,  989]],\n"
            + "\n"
            + "        [[ 990,  991,  992, ...,  998,  999, 1000],\n"
            + "         [1001, 1002, 1003, ..., 1009, 1010, 1011],\n"
            + "         [1012, 1013, 1014, ..., 1020, 1021, 1022],\n"
            + "         ...,\n"
            + "         [1067, 1068, 1069, ..., 1075, 1076, 1077],\n"
            + "         [1078, 1079, 1080, ..., 1086, 1087, 1088],\n"
            + "         [1089, 1090, 1091, ..., 1097, 1098, 1099]]], dtype=int64)",
        longRamp(1100, 1),
        DType.INT64, 10, 10, 11);
  }

  @Test
  void summarisedPositionalMatrix() {
    assertFormat(
        "Tensor([[  1.        ,   1.14285714,   1.28571429, ...,   7.71428571,\n"
            + "           7.85714286,   8.        ],\n"
            + "        [  8.14285714,   8.28571429,   8.42857143, ...,  14.85714286,\n"
            + "          15.        ,  15.14285714],\n"
            + "        [ 15.28571429,  15.42857143,  15.57142857, ...,  22.        ,\n"
            + "          22.14285714,  22.28571429],\n"
            + "        ...,\n"
            + "        [265.28571429, 265.42857143, 265.57142857, ..., 272.        ,\n"
            + "         272.14285714, 272.28571429],\n"
            + "        [272.42857143, 272.57142857, 272.71428571, ..., 279.14285714,\n"
            + "         279.28571429, 279.42857143],\n"
            + "        [279.57142857, 279.71428571, 279.85714286, ..., 286.28571429,\n"
            + "         286.42857143, 286.57142857]])",
        offset(ratios(2000, 7), 1),
        DType.FLOAT64, 40, 50);
  }

  @Test
  void summarisedFloat32() {
    assertFormat(
        "Tensor([  1.       ,   1.3333334,   1.6666666, ..., 666.6667   ,\n"
            + "        667.       , 667.3333   ], dtype=float32)",
        single(offset(ratios(2000, 3), 1)),
        DType.FLOAT32, 2000);
  }

  @Test
  void emptyFloat32() {
    assertFormat(
        "Tensor([], dtype=float32)",
        new float[] {},
        DType.FLOAT32, 0);
  }

  @Test
  void emptyFloat64() {
    assertFormat(
        "Tensor([])",
        new double[] {},
        DType.FLOAT64, 0);
  }

  @Test
  void emptyMatrix() {
    assertFormat(
        "Tensor([], shape=(0, 3))",
        new double[] {},
        DType.FLOAT64, 0, 3);
  }

  @Test
  void emptyInt64Matrix() {
    assertFormat(
        "Tensor([], shape=(2, 0), dtype=int64)",
        new long[] {},
        DType.INT64, 2, 0);
  }

  @Test
  void emptyBoolCube() {
    assertFormat(
        "Tensor([], shape=(3, 0, 2), dtype=bool)",
        new boolean[] {},
        DType.BOOL, 3, 0, 2);
  }
}
