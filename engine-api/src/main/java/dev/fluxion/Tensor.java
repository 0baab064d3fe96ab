package dev.fluxion;

import dev.fluxion.spi.BinaryOp;
import dev.fluxion.spi.FillOp;
import dev.fluxion.spi.ImmediateBuffer;
import dev.fluxion.spi.ReduceOp;
import dev.fluxion.spi.UnaryOp;
import dev.fluxion.spi.View;
import java.lang.ref.Cleaner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An n-dimensional array on a {@link Device} with automatic differentiation — "NumPy with
 * autodiff built in".
 *
 * <p><b>Variables and constants.</b> A floating tensor made by the user is a <i>variable</i>:
 * operations on it are recorded, and {@link #backward()} on a result stores
 * {@code d(result)/d(variable)} in the variable's {@link #grad()}. Tensors made with
 * {@code constant(...)}, integer and boolean tensors, and results computed inside
 * {@link Autodiff#noGrad} are constants. {@link Autodiff} offers the same machinery as
 * function transforms ({@code grad}, {@code jvp}, {@code vmap}, ...), nestable to any depth.
 *
 * <p><b>Broadcasting and types.</b> Binary operations broadcast as NumPy does (see
 * {@link Shape}). Two tensors promote to the wider dtype; a Java {@code double} operand takes
 * the tensor's dtype when it is floating (see {@link DType}).
 *
 * <p><b>Memory.</b> Tensors are {@link AutoCloseable}: {@link #close()} or a {@link #scope()}
 * frees device memory at once; the garbage collector is only the safety net. Reshape,
 * transpose, broadcastTo, slice and flip return views sharing memory with their input.
 */
public final class Tensor implements AutoCloseable {
  private static final Cleaner CLEANER = Cleaner.create();

  private final long[] shape;
  private final DType dtype;
  private final Device device;

  // Concrete state (level 0): a view on a shared storage.
  private View view;
  private Storage storage;
  private Cleaner.Cleanable cleanable;
  private boolean closed;

  // MyGrad-style autodiff state (level 0).
  private final boolean variable;
  Node node;
  private Node leafNode;
  private Tensor grad;
  /** Released graphs this (non-leaf) tensor took part in, whose share of grad() is not computed yet. */
  private ReleasedGraph pendingGrad;
  private List<ReleasedGraph> morePendingGrads;
  private boolean ownedAsGrad;

  // Traced state (levels > 0 of the function transforms).
  final Tracer tracer;

  /** A concrete tensor viewing {@code storage}; takes over one reference to it. */
  Tensor(View view, Storage storage, boolean variable) {
    this.view = view;
    this.storage = storage;
    this.shape = view.shape();
    this.dtype = view.dtype();
    this.device = storage.device;
    this.variable = variable;
    this.tracer = null;
    if (variable && !dtype.isFloating()) {
      storage.release();
      throw new IllegalArgumentException("Integer-valued tensors must be treated as constants (dtype "
          + dtype.numpyName() + ", shape " + Shape.str(shape) + ")");
    }
    if (!(storage.buffer instanceof ImmediateBuffer)) {
      device.liveTensors.incrementAndGet();
      cleanable = CLEANER.register(this, new Release(storage, device));
    } else {
      cleanable = CLEANER.register(this, storage::release);
    }
    register();
  }

  /** A traced tensor of a function transform. */
  Tensor(Tracer tracer, long[] shape, DType dtype, Device device) {
    this.tracer = tracer;
    this.shape = shape;
    this.dtype = dtype;
    this.device = device;
    this.variable = false;
    register();
  }

  private void register() {
    Scope s = ThreadState.get().scope;
    if (s != null) {
      s.register(this);
    }
  }

  /** Releases a storage reference when a tensor is closed or collected. */
  private record Release(Storage storage, Device device) implements Runnable {
    @Override
    public void run() {
      storage.release();
      device.liveTensors.decrementAndGet();
    }
  }

  // =====================================================================================
  // Creation
  // =====================================================================================

  /** A 0-d FLOAT64 variable. */
  public static Tensor of(double value) {
    return Creation.host(new double[] {value}, new long[0], DType.FLOAT64, null, true);
  }

  /** A 1-d FLOAT64 variable. */
  public static Tensor of(double... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.FLOAT64, null, true);
  }

  /** A 2-d FLOAT64 variable from rows of equal length. */
  public static Tensor of(double[][] rows) {
    return Creation.host(Creation.flatten(rows), Creation.rowsShape(rows), DType.FLOAT64, null, true);
  }

  /** A 0-d FLOAT32 variable. */
  public static Tensor of(float value) {
    return Creation.host(new float[] {value}, new long[0], DType.FLOAT32, null, true);
  }

  /** A 1-d FLOAT32 variable. */
  public static Tensor of(float... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.FLOAT32, null, true);
  }

  /** A 2-d FLOAT32 variable from rows of equal length. */
  public static Tensor of(float[][] rows) {
    return Creation.host(Creation.flatten(rows), Creation.rowsShape(rows), DType.FLOAT32, null, true);
  }

  /** A 0-d INT32 constant ({@code Tensor.of(3)} is INT32, not floating). */
  public static Tensor of(int value) {
    return Creation.host(new int[] {value}, new long[0], DType.INT32, null, false);
  }

  /** A 0-d INT64 constant. */
  public static Tensor of(long value) {
    return Creation.host(new long[] {value}, new long[0], DType.INT64, null, false);
  }

  /** A 1-d INT32 constant. */
  public static Tensor of(int... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.INT32, null, false);
  }

  /** A 1-d INT64 constant. */
  public static Tensor of(long... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.INT64, null, false);
  }

  /** A 1-d BOOL constant. */
  public static Tensor of(boolean... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.BOOL, null, false);
  }

  /** A FLOAT64 variable of the given shape from row-major data ({@code data.length} must match). */
  public static Tensor from(double[] data, long... shape) {
    return Creation.host(Creation.checkedCopy("from", data, data.length, shape), shape.clone(), DType.FLOAT64, null, true);
  }

  /** A FLOAT32 variable of the given shape from row-major data. */
  public static Tensor from(float[] data, long... shape) {
    return Creation.host(Creation.checkedCopy("from", data, data.length, shape), shape.clone(), DType.FLOAT32, null, true);
  }

  /** An INT32 constant of the given shape from row-major data. */
  public static Tensor from(int[] data, long... shape) {
    return Creation.host(Creation.checkedCopy("from", data, data.length, shape), shape.clone(), DType.INT32, null, false);
  }

  /** An INT64 constant of the given shape from row-major data. */
  public static Tensor from(long[] data, long... shape) {
    return Creation.host(Creation.checkedCopy("from", data, data.length, shape), shape.clone(), DType.INT64, null, false);
  }

  /** A BOOL constant of the given shape from row-major data. */
  public static Tensor from(boolean[] data, long... shape) {
    return Creation.host(Creation.checkedCopy("from", data, data.length, shape), shape.clone(), DType.BOOL, null, false);
  }

  /**
   * A tensor of any dtype and device from row-major FLOAT64 data (converted on the host).
   *
   * @param constant whether the result is a constant rather than a variable (integer and
   *     boolean results are always constants)
   */
  public static Tensor from(double[] data, DType dtype, Device device, boolean constant, long... shape) {
    double[] copy = Creation.checkedCopy("from", data, data.length, shape);
    return Creation.host(Creation.convert(copy, dtype), shape.clone(), dtype, device, !constant && dtype.isFloating());
  }

  /**
   * A tensor of any dtype and device from row-major FLOAT32 data (converted on the host when
   * the dtype is not FLOAT32), e.g. a mini-batch of pixels sent straight to a device.
   *
   * @param constant whether the result is a constant rather than a variable (integer and
   *     boolean results are always constants)
   */
  public static Tensor from(float[] data, DType dtype, Device device, boolean constant, long... shape) {
    float[] copy = Creation.checkedCopy("from", data, data.length, shape);
    Object values = dtype == DType.FLOAT32 ? copy : Creation.convert(Host.toDoubles(copy), dtype);
    return Creation.host(values, shape.clone(), dtype, device, !constant && dtype.isFloating());
  }

  /** A 0-d FLOAT64 constant. */
  public static Tensor constant(double value) {
    return Creation.host(new double[] {value}, new long[0], DType.FLOAT64, null, false);
  }

  /** A 1-d FLOAT64 constant. */
  public static Tensor constant(double... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.FLOAT64, null, false);
  }

  /** A 2-d FLOAT64 constant. */
  public static Tensor constant(double[][] rows) {
    return Creation.host(Creation.flatten(rows), Creation.rowsShape(rows), DType.FLOAT64, null, false);
  }

  /** A 1-d FLOAT32 constant. */
  public static Tensor constant(float... values) {
    return Creation.host(values.clone(), new long[] {values.length}, DType.FLOAT32, null, false);
  }

  /** A FLOAT64 variable of zeros on the default device. */
  public static Tensor zeros(long... shape) {
    return full(DType.FLOAT64, Device.defaultDevice(), 0.0, shape);
  }

  public static Tensor zeros(DType dtype, long... shape) {
    return full(dtype, Device.defaultDevice(), 0.0, shape);
  }

  public static Tensor zeros(DType dtype, Device device, long... shape) {
    return full(dtype, device, 0.0, shape);
  }

  /** A FLOAT64 variable of ones on the default device. */
  public static Tensor ones(long... shape) {
    return full(DType.FLOAT64, Device.defaultDevice(), 1.0, shape);
  }

  public static Tensor ones(DType dtype, long... shape) {
    return full(dtype, Device.defaultDevice(), 1.0, shape);
  }

  public static Tensor ones(DType dtype, Device device, long... shape) {
    return full(dtype, device, 1.0, shape);
  }

  /** A FLOAT64 variable with every element equal to {@code value}. */
  public static Tensor full(double value, long... shape) {
    return full(DType.FLOAT64, Device.defaultDevice(), value, shape);
  }

  public static Tensor full(DType dtype, Device device, double value, long... shape) {
    return Creation.fill("full", FillOp.FULL, dtype, device, shape, value);
  }

  /** {@code [start, start+1, ...]} below {@code stop}, FLOAT64. */
  public static Tensor arange(double start, double stop) {
    return arange(start, stop, 1.0);
  }

  /** {@code start + i·step} for {@code i = 0 .. ceil((stop−start)/step) − 1}, FLOAT64. */
  public static Tensor arange(double start, double stop, double step) {
    return arange(DType.FLOAT64, Device.defaultDevice(), start, stop, step);
  }

  public static Tensor arange(DType dtype, Device device, double start, double stop, double step) {
    if (!Double.isFinite(start) || !Double.isFinite(stop) || !Double.isFinite(step)) {
      throw new IllegalArgumentException("arange: start, stop and step must be finite numbers, got start " + start
          + ", stop " + stop + ", step " + step);
    }
    if (step == 0) {
      throw new IllegalArgumentException("arange: step must be non-zero, got " + step);
    }
    long n = (long) Math.max(0, Math.ceil((stop - start) / step));
    return Creation.fill("arange", FillOp.IOTA, dtype, device, new long[] {n}, start, step);
  }

  /** {@code num} evenly spaced FLOAT64 values from {@code start} to {@code stop} inclusive. */
  public static Tensor linspace(double start, double stop, int num) {
    return linspace(DType.FLOAT64, Device.defaultDevice(), start, stop, num);
  }

  public static Tensor linspace(DType dtype, Device device, double start, double stop, int num) {
    if (num < 0) {
      throw new IllegalArgumentException("linspace: number of points must be >= 0, got " + num);
    }
    if (!Double.isFinite(start) || !Double.isFinite(stop)) {
      throw new IllegalArgumentException("linspace: start and stop must be finite numbers, got start " + start
          + ", stop " + stop);
    }
    return Creation.fill("linspace", FillOp.LINSPACE, dtype, device, new long[] {num}, start, stop);
  }

  /** The {@code n×n} FLOAT64 identity matrix (a variable). */
  public static Tensor eye(int n) {
    return eye(DType.FLOAT64, Device.defaultDevice(), n);
  }

  public static Tensor eye(DType dtype, Device device, int n) {
    if (n < 0) {
      throw new IllegalArgumentException("eye: size must be >= 0, got " + n);
    }
    Tensor identity = Autodiff.noGrad(() -> {
      Tensor i = arange(DType.INT64, device, 0, n, 1);
      return i.expandDims(1).eq(i.expandDims(0)).to(dtype);
    });
    return dtype.isFloating() ? identity.asVariable() : identity;
  }

  /** The generator of {@link #rand(long...)} and {@link #randn(long...)} without an explicit {@link Rng}. */
  private static volatile Rng defaultRng = Rng.of(0);

  /**
   * Resets the default generator (used by {@code rand}/{@code randn} without an {@link Rng}) to
   * {@code Rng.of(seed)}: the same seed, then the same draws, give the same numbers, on every
   * device (PyTorch's {@code torch.manual_seed}). The default generator starts as
   * {@code manualSeed(0)}.
   */
  public static void manualSeed(long seed) {
    defaultRng = Rng.of(seed);
  }

  /**
   * Uniform random FLOAT64 values in [0, 1) of the given shape, from the default generator
   * ({@link #manualSeed}): {@code Tensor.rand(3, 4)} is 3×4, as in NumPy and PyTorch.
   */
  public static Tensor rand(long... shape) {
    return rand(defaultRng, DType.FLOAT64, Device.defaultDevice(), shape);
  }

  /** Uniform random values in [0, 1) of a floating dtype, on the default device, from the default generator. */
  public static Tensor rand(DType dtype, long... shape) {
    return rand(defaultRng, dtype, Device.defaultDevice(), shape);
  }

  /** Uniform random values in [0, 1) of a floating dtype on a device, from the default generator. */
  public static Tensor rand(DType dtype, Device device, long... shape) {
    return rand(defaultRng, dtype, device, shape);
  }

  /** Uniform random FLOAT64 values in [0, 1) from {@code rng} (its next draw). */
  public static Tensor rand(Rng rng, long... shape) {
    return rand(rng, DType.FLOAT64, Device.defaultDevice(), shape);
  }

  /**
   * Uniform random values in [0, 1) from {@code rng} (its next draw); the same generator state
   * gives the same values on every device. A variable, like every floating tensor made by the user.
   */
  public static Tensor rand(Rng rng, DType dtype, Device device, long... shape) {
    requireFloating("rand", dtype);
    Creation.checkShape("rand", shape);
    Creation.checkSupported(device, dtype); // before the draw: a call that throws leaves the generator as it was
    return Creation.fill("rand", FillOp.UNIFORM, dtype, device, shape, Double.longBitsToDouble(rng.nextKey()), 0.0, 1.0);
  }

  /** Standard normal FLOAT64 values of the given shape, from the default generator ({@link #manualSeed}). */
  public static Tensor randn(long... shape) {
    return randn(defaultRng, DType.FLOAT64, Device.defaultDevice(), shape);
  }

  /** Standard normal values of a floating dtype, on the default device, from the default generator. */
  public static Tensor randn(DType dtype, long... shape) {
    return randn(defaultRng, dtype, Device.defaultDevice(), shape);
  }

  /** Standard normal values of a floating dtype on a device, from the default generator. */
  public static Tensor randn(DType dtype, Device device, long... shape) {
    return randn(defaultRng, dtype, device, shape);
  }

  /** Standard normal FLOAT64 values from {@code rng} (its next draw). */
  public static Tensor randn(Rng rng, long... shape) {
    return randn(rng, DType.FLOAT64, Device.defaultDevice(), shape);
  }

  /**
   * Standard normal values (Box–Muller) from {@code rng} (its next draw); the same generator
   * state gives the same values on every device.
   */
  public static Tensor randn(Rng rng, DType dtype, Device device, long... shape) {
    requireFloating("randn", dtype);
    Creation.checkShape("randn", shape);
    Creation.checkSupported(device, dtype); // before the draw: a call that throws leaves the generator as it was
    return Creation.fill("randn", FillOp.NORMAL, dtype, device, shape, Double.longBitsToDouble(rng.nextKey()), 0.0, 1.0);
  }

  /**
   * A 0-d constant that occupies no device memory (it travels to kernels as an argument): the
   * cheapest way to write a number into a tensor expression. It cannot be assigned to.
   */
  public static Tensor scalar(double value, DType dtype, Device device) {
    return Creation.scalar(value, dtype, device);
  }

  /** A constant of zeros with the shape, dtype and device of {@code t} (may be a broadcast view). */
  public static Tensor zerosLike(Tensor t) {
    return Creation.broadcastScalar(0.0, t.dtype, t.device, t.shape);
  }

  /** A constant of ones with the shape, dtype and device of {@code t} (may be a broadcast view). */
  public static Tensor onesLike(Tensor t) {
    return Creation.broadcastScalar(1.0, t.dtype, t.device, t.shape);
  }

  private static void requireFloating(String op, DType dtype) {
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException(op + ": needs a floating dtype, got " + dtype.numpyName());
    }
  }

  // =====================================================================================
  // Inspection
  // =====================================================================================

  /** The shape (a copy). */
  public long[] shape() {
    return shape.clone();
  }

  long[] shapeRef() {
    return shape;
  }

  public int ndim() {
    return shape.length;
  }

  /** Number of elements. */
  public long size() {
    return Shape.size(shape);
  }

  public DType dtype() {
    return dtype;
  }

  public Device device() {
    return device;
  }

  /** Whether autodiff treats this tensor as a constant (no gradient flows into or through it). */
  public boolean isConstant() {
    if (tracer != null) {
      return tracer.isConstant();
    }
    return !variable && node == null;
  }

  /** Whether this tensor was made by the user as a variable (a leaf that receives {@link #grad()}). */
  public boolean isVariable() {
    return variable;
  }

  /**
   * Whether the elements lie dense and row-major in memory (false for broadcast, transposed or
   * strided views), as {@link HostTransfer} needs; traced values are never contiguous.
   */
  public boolean isContiguous() {
    return tracer == null && !closed && view.isContiguous();
  }

  public boolean isClosed() {
    return closed;
  }

  /** The single value of a tensor with one element, as a double. */
  public double item() {
    if (size() != 1) {
      throw new IllegalArgumentException("item(): needs a tensor with exactly one element, got shape "
          + Shape.str(shape) + " (" + size() + " elements)");
    }
    return Host.toDoubles(hostArray("item()"))[0];
  }

  /** The elements in row-major order, converted to double (waits for the device). */
  public double[] toDoubleArray() {
    return Host.toDoubles(hostArray("toDoubleArray"));
  }

  /** The elements in row-major order, converted to float (waits for the device). */
  public float[] toFloatArray() {
    return Host.toFloats(hostArray("toFloatArray"));
  }

  /**
   * The elements in row-major order in a new Java array of this dtype, exactly:
   * {@code double[]} (FLOAT64), {@code float[]} (FLOAT32), {@code int[]} (INT32),
   * {@code long[]} (INT64) or {@code boolean[]} (BOOL). Waits for the device.
   */
  public Object toArray() {
    return hostArray("toArray");
  }

  /** The elements in row-major order as an array of this dtype (double[], float[], int[], long[] or boolean[]). */
  Object hostArray(String op) {
    if (tracer != null) {
      return tracer.concrete(op).hostArray(op);
    }
    JitRecorder.checkHostRead(op, this);
    return Host.read(liveView(op), device);
  }

  /** Prints like NumPy and MyGrad: {@code Tensor([ 4., -8.,  2.,  6.])}, {@code Tensor(25.)}. */
  @Override
  public String toString() {
    if (closed) {
      return "Tensor(<closed>, shape=" + Shape.str(shape) + ", dtype=" + dtype.numpyName() + ")";
    }
    if (tracer != null && !tracer.hasConcreteValue()) {
      return "Tensor(<traced by " + tracer.level + ">, shape=" + Shape.str(shape) + ", dtype=" + dtype.numpyName() + ")";
    }
    JitRecorder jit = JitRecorder.current();
    if (jit != null && tracer == null && jit.device == device && jit.isTraced(view.buffer())) {
      return "Tensor(<traced by jit>, shape=" + Shape.str(shape) + ", dtype=" + dtype.numpyName() + ")";
    }
    return TensorFormat.format(hostArray("toString"), shape, dtype);
  }

  // =====================================================================================
  // Arithmetic (NumPy broadcasting)
  // =====================================================================================

  /** {@code this + other}. */
  public Tensor add(Tensor other) {
    return binary(BinaryOp.ADD, other);
  }

  public Tensor add(double c) {
    return binaryScalar(BinaryOp.ADD, c);
  }

  /** {@code this − other}. */
  public Tensor sub(Tensor other) {
    return binary(BinaryOp.SUB, other);
  }

  public Tensor sub(double c) {
    return binaryScalar(BinaryOp.SUB, c);
  }

  /** {@code this · other}. */
  public Tensor mul(Tensor other) {
    return binary(BinaryOp.MUL, other);
  }

  public Tensor mul(double c) {
    return binaryScalar(BinaryOp.MUL, c);
  }

  /** True division {@code this / other} (integers give FLOAT64). */
  public Tensor div(Tensor other) {
    return binary(BinaryOp.DIV, other);
  }

  public Tensor div(double c) {
    return binaryScalar(BinaryOp.DIV, c);
  }

  /**
   * {@code this^other}. ∂/∂this = other·this^(other−1), taken as 0 where other = 0;
   * ∂/∂other = this^other·ln(this), taken as 0 where this = 0.
   */
  public Tensor pow(Tensor other) {
    return binary(BinaryOp.POW, other);
  }

  public Tensor pow(double c) {
    return binaryScalar(BinaryOp.POW, c);
  }

  /** {@code −this}. */
  public Tensor neg() {
    return unary(UnaryOp.NEG);
  }

  /** {@code c − this}. */
  public Tensor rsub(double c) {
    return scalarLike(c).binary(BinaryOp.SUB, this);
  }

  /** {@code c / this}. */
  public Tensor rdiv(double c) {
    return scalarLike(c).binary(BinaryOp.DIV, this);
  }

  /** Elementwise maximum (NaN propagates); on ties the gradient is split equally. */
  public Tensor maximum(Tensor other) {
    return binary(BinaryOp.MAX, other);
  }

  public Tensor maximum(double c) {
    return binaryScalar(BinaryOp.MAX, c);
  }

  /** Elementwise minimum (NaN propagates); on ties the gradient is split equally. */
  public Tensor minimum(Tensor other) {
    return binary(BinaryOp.MIN, other);
  }

  public Tensor minimum(double c) {
    return binaryScalar(BinaryOp.MIN, c);
  }

  /** {@code atan2(this, other)}: the angle of the point (other, this), in (−π, π]. */
  public Tensor atan2(Tensor other) {
    return binary(BinaryOp.ATAN2, other);
  }

  public Tensor atan2(double c) {
    return binaryScalar(BinaryOp.ATAN2, c);
  }

  // =====================================================================================
  // Elementwise math (integers give FLOAT64)
  // =====================================================================================

  /** {@code x²}. */
  public Tensor square() {
    return mul(this);
  }

  /** {@code √x}; d/dx = 1/(2√x), +Inf at 0. */
  public Tensor sqrt() {
    return unary(UnaryOp.SQRT);
  }

  /** {@code eˣ}. */
  public Tensor exp() {
    return unary(UnaryOp.EXP);
  }

  /** Natural logarithm; d/dx = 1/x. */
  public Tensor log() {
    return unary(UnaryOp.LOG);
  }

  /** {@code ln(1 + x)}, accurate for small x. */
  public Tensor log1p() {
    return unary(UnaryOp.LOG1P);
  }

  /** {@code eˣ − 1}, accurate for small x. */
  public Tensor expm1() {
    return unary(UnaryOp.EXPM1);
  }

  public Tensor sin() {
    return unary(UnaryOp.SIN);
  }

  public Tensor cos() {
    return unary(UnaryOp.COS);
  }

  public Tensor tan() {
    return unary(UnaryOp.TAN);
  }

  /** Arc sine; d/dx = 1/√(1−x²). */
  public Tensor asin() {
    return unary(UnaryOp.ASIN);
  }

  /** Arc cosine; d/dx = −1/√(1−x²). */
  public Tensor acos() {
    return unary(UnaryOp.ACOS);
  }

  /** Arc tangent; d/dx = 1/(1+x²). */
  public Tensor atan() {
    return unary(UnaryOp.ATAN);
  }

  public Tensor sinh() {
    return unary(UnaryOp.SINH);
  }

  public Tensor cosh() {
    return unary(UnaryOp.COSH);
  }

  /** Hyperbolic tangent; d/dx = 1 − tanh²x. */
  public Tensor tanh() {
    return unary(UnaryOp.TANH);
  }

  /** {@code 1/(1+e^−x)}; d/dx = σ(x)(1−σ(x)). */
  public Tensor sigmoid() {
    return unary(UnaryOp.SIGMOID);
  }

  /** {@code max(x, 0)}; d/dx = 1 for x > 0, else 0. */
  public Tensor relu() {
    return unary(UnaryOp.RELU);
  }

  /** {@code |x|}; d/dx = sign(x) (0 at 0). */
  public Tensor abs() {
    return unary(UnaryOp.ABS);
  }

  /** −1, 0 or 1 (NaN stays NaN); derivative 0. */
  public Tensor sign() {
    return unary(UnaryOp.SIGN);
  }

  /**
   * Normalised sinc: {@code sin(πx)/(πx)}, and 1 at 0. The derivative is exact away from 0
   * and 0 at 0; higher derivatives at exactly 0 are not.
   */
  public Tensor sinc() {
    Tensor x = floating();
    Tensor zero = x.eq(0.0);
    Tensor safe = Tensor.where(zero, onesLike(x), x).mul(Math.PI);
    return Tensor.where(zero, onesLike(x), safe.sin().div(safe));
  }

  /** The error function {@code (2/√π)∫₀ˣ e^(−t²) dt}. */
  public Tensor erf() {
    return unary(UnaryOp.ERF);
  }

  /** {@code 1/x}. */
  public Tensor reciprocal() {
    return unary(UnaryOp.RECIPROCAL);
  }

  /**
   * Limits every element to {@code [lo, hi]}; the gradient is 1 inside the closed interval and
   * 0 outside (as PyTorch's clamp).
   */
  public Tensor clip(double lo, double hi) {
    if (lo > hi) {
      throw new IllegalArgumentException("clip: lo " + lo + " > hi " + hi);
    }
    Tensor below = lt(lo);
    Tensor above = gt(hi);
    Tensor r = Tensor.where(below, scalarLike(lo).broadcastTo(shape), this);
    return Tensor.where(above, scalarLike(hi).broadcastTo(shape), r);
  }

  // =====================================================================================
  // Comparisons (BOOL constants)
  // =====================================================================================

  public Tensor lt(Tensor o) {
    return binary(BinaryOp.LT, o);
  }

  public Tensor lt(double c) {
    return binaryScalar(BinaryOp.LT, c);
  }

  public Tensor le(Tensor o) {
    return binary(BinaryOp.LE, o);
  }

  public Tensor le(double c) {
    return binaryScalar(BinaryOp.LE, c);
  }

  public Tensor gt(Tensor o) {
    return binary(BinaryOp.GT, o);
  }

  public Tensor gt(double c) {
    return binaryScalar(BinaryOp.GT, c);
  }

  public Tensor ge(Tensor o) {
    return binary(BinaryOp.GE, o);
  }

  public Tensor ge(double c) {
    return binaryScalar(BinaryOp.GE, c);
  }

  public Tensor eq(Tensor o) {
    return binary(BinaryOp.EQ, o);
  }

  public Tensor eq(double c) {
    return binaryScalar(BinaryOp.EQ, c);
  }

  public Tensor ne(Tensor o) {
    return binary(BinaryOp.NE, o);
  }

  public Tensor ne(double c) {
    return binaryScalar(BinaryOp.NE, c);
  }

  /** {@code cond ? a : b} elementwise, broadcasting all three; the gradient flows to the chosen side. */
  public static Tensor where(Tensor cond, Tensor a, Tensor b) {
    if (cond.dtype != DType.BOOL) {
      throw new IllegalArgumentException("where: the condition must be a bool tensor, got "
          + cond.dtype.numpyName() + " (use a comparison such as x.gt(0))");
    }
    DType t = DType.promote(a.dtype, b.dtype);
    Boolean known = cond.knownScalar();
    if (known != null) {
      long[] shape = Shape.broadcast("where", Shape.broadcast("where", cond.shape, a.shape), b.shape);
      return (known ? a : b).to(t).broadcastTo(shape);
    }
    return Dispatcher.apply(WherePrim.INSTANCE, cond, a.to(t), b.to(t));
  }

  /** The value of a boolean immediate (a condition known without reading the device), else null. */
  private Boolean knownScalar() {
    if (tracer != null || closed || !(view.buffer() instanceof ImmediateBuffer imm)) {
      return null;
    }
    return imm.value() != 0;
  }

  public static Tensor where(Tensor cond, Tensor a, double b) {
    return where(cond, a, a.scalarLike(b));
  }

  public static Tensor where(Tensor cond, double a, Tensor b) {
    return where(cond, b.scalarLike(a), b);
  }

  // =====================================================================================
  // Reductions
  // =====================================================================================

  /** Sum of all elements (integers and booleans give INT64). */
  public Tensor sum() {
    return sum(false);
  }

  /** Sum over the given axes (none = all). */
  public Tensor sum(int... axes) {
    return sum(false, axes);
  }

  public Tensor sum(boolean keepDims, int... axes) {
    return reduce(ReduceOp.SUM, "sum", keepDims, axes);
  }

  /** Arithmetic mean over all elements (integers give FLOAT64). */
  public Tensor mean() {
    return mean(false);
  }

  public Tensor mean(int... axes) {
    return mean(false, axes);
  }

  /** {@code sum(x)/n} over the given axes. */
  public Tensor mean(boolean keepDims, int... axes) {
    int[] r = Shape.axes("mean", axes, ndim());
    long n = 1;
    for (int a : r) {
      n *= shape[a];
    }
    return floating().sum(keepDims, r).div((double) n);
  }

  public Tensor max() {
    return max(false);
  }

  public Tensor max(int... axes) {
    return max(false, axes);
  }

  /** Maximum over axes; the gradient is shared equally among the maximal elements. */
  public Tensor max(boolean keepDims, int... axes) {
    return reduce(ReduceOp.MAX, "max", keepDims, axes);
  }

  public Tensor min() {
    return min(false);
  }

  public Tensor min(int... axes) {
    return min(false, axes);
  }

  /** Minimum over axes; the gradient is shared equally among the minimal elements. */
  public Tensor min(boolean keepDims, int... axes) {
    return reduce(ReduceOp.MIN, "min", keepDims, axes);
  }

  public Tensor prod() {
    return prod(false);
  }

  public Tensor prod(int... axes) {
    return prod(false, axes);
  }

  /**
   * Product over axes, by pairwise multiplication (so zeros and their gradients are exact:
   * ∂/∂xᵢ = ∏_{j≠i} xⱼ).
   */
  public Tensor prod(boolean keepDims, int... axes) {
    return Compositions.prod(this, keepDims, Shape.axes("prod", axes, ndim()));
  }

  public Tensor var() {
    return var(false);
  }

  public Tensor var(int... axes) {
    return var(false, axes);
  }

  /** Population variance {@code mean((x − mean(x))²)} (NumPy's default, ddof = 0). */
  public Tensor var(boolean keepDims, int... axes) {
    int[] r = Shape.axes("var", axes, ndim());
    Tensor x = floating();
    Tensor centered = x.sub(x.mean(true, r));
    return centered.square().mean(keepDims, r);
  }

  public Tensor std() {
    return std(false);
  }

  public Tensor std(int... axes) {
    return std(false, axes);
  }

  /** Population standard deviation {@code √var(x)}. */
  public Tensor std(boolean keepDims, int... axes) {
    return var(keepDims, axes).sqrt();
  }

  public Tensor logsumexp() {
    return logsumexp(false);
  }

  public Tensor logsumexp(int... axes) {
    return logsumexp(false, axes);
  }

  /** {@code log Σ eˣ}, computed stably as {@code m + log Σ e^(x−m)} with m the (constant) maximum. */
  public Tensor logsumexp(boolean keepDims, int... axes) {
    return Compositions.logsumexp(floating(), keepDims, Shape.axes("logsumexp", axes, ndim()));
  }

  /** {@code e^(x−logsumexp(x))} along an axis. */
  public Tensor softmax(int axis) {
    return logSoftmax(axis).exp();
  }

  /** {@code x − logsumexp(x)} along an axis. */
  public Tensor logSoftmax(int axis) {
    int a = Shape.axis("logSoftmax", axis, ndim());
    Tensor x = floating();
    return x.sub(x.logsumexp(true, a));
  }

  /** INT64 indices of the maxima along an axis (first on ties); a constant. */
  public Tensor argmax(int axis) {
    return Dispatcher.apply(new ArgReducePrim(ReduceOp.ARGMAX, Shape.axis("argmax", axis, ndim()), false), this);
  }

  /** Index of the maximum of the flattened tensor. */
  public Tensor argmax() {
    return flatten().argmax(0);
  }

  /** INT64 indices of the minima along an axis (first on ties); a constant. */
  public Tensor argmin(int axis) {
    return Dispatcher.apply(new ArgReducePrim(ReduceOp.ARGMIN, Shape.axis("argmin", axis, ndim()), false), this);
  }

  public Tensor argmin() {
    return flatten().argmin(0);
  }

  // =====================================================================================
  // Linear algebra
  // =====================================================================================

  /**
   * Matrix product with NumPy's rules: {@code (..., n, k) @ (..., k, m) → (..., n, m)}, batch
   * axes broadcast; a 1-d operand is a row (left) or column (right) vector whose axis is
   * removed from the result.
   */
  public Tensor matmul(Tensor other) {
    return Compositions.matmul(this, other);
  }

  /** Inner product of 1-d tensors; for 2-d operands, the matrix product. */
  public Tensor dot(Tensor other) {
    if (ndim() == 0 || other.ndim() == 0) {
      return mul(other);
    }
    return matmul(other);
  }

  /** Outer product {@code out[i][j] = a[i]·b[j]} of the flattened operands. */
  public Tensor outer(Tensor other) {
    return flatten().expandDims(1).mul(other.flatten().expandDims(0));
  }

  // =====================================================================================
  // Shape
  // =====================================================================================

  /** The same elements in a new shape (one {@code -1} is inferred); a view when possible. */
  public Tensor reshape(long... newShape) {
    long[] s = Compositions.resolveShape(shape, newShape);
    if (Arrays.equals(s, shape)) {
      return this;
    }
    return Dispatcher.apply(new ReshapePrim(s), this);
  }

  /** A 1-d view (or copy) of all elements. */
  public Tensor flatten() {
    return reshape(-1);
  }

  /** Reverses the axes (the matrix transpose for 2-d). */
  public Tensor transpose() {
    int[] perm = new int[ndim()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = perm.length - 1 - i;
    }
    return transpose(perm);
  }

  /** Permutes the axes: output axis {@code i} is input axis {@code perm[i]} (a view). */
  public Tensor transpose(int... perm) {
    if (perm.length == 0 && ndim() > 0) {
      return transpose();
    }
    int[] p = new int[perm.length];
    for (int i = 0; i < perm.length; i++) {
      p[i] = perm[i] < 0 && perm.length == ndim() ? perm[i] + ndim() : perm[i];
    }
    boolean identity = true;
    for (int i = 0; i < p.length; i++) {
      identity &= p[i] == i;
    }
    if (identity && p.length == ndim()) {
      return this;
    }
    return Dispatcher.apply(new PermutePrim(p), this);
  }

  /** NumPy's {@code .T}: the axes reversed. */
  public Tensor T() {
    return transpose();
  }

  /** Exchanges two axes (a view). */
  public Tensor swapAxes(int a, int b) {
    int x = Shape.axis("swapAxes", a, ndim());
    int y = Shape.axis("swapAxes", b, ndim());
    int[] perm = new int[ndim()];
    for (int i = 0; i < perm.length; i++) {
      perm[i] = i;
    }
    perm[x] = y;
    perm[y] = x;
    return transpose(perm);
  }

  /** Moves one axis to a new position, keeping the order of the others (a view). */
  public Tensor moveAxis(int from, int to) {
    int f = Shape.axis("moveAxis", from, ndim());
    int t = Shape.axis("moveAxis", to, ndim());
    if (f == t) {
      return this;
    }
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < ndim(); i++) {
      if (i != f) {
        order.add(i);
      }
    }
    order.add(t, f);
    int[] perm = order.stream().mapToInt(Integer::intValue).toArray();
    return transpose(perm);
  }

  /** Inserts an axis of size 1 at {@code axis} (from −ndim−1 to ndim). */
  public Tensor expandDims(int axis) {
    int a = Shape.axis("expandDims", axis, ndim() + 1);
    long[] s = new long[ndim() + 1];
    for (int i = 0, j = 0; i < s.length; i++) {
      s[i] = i == a ? 1 : shape[j++];
    }
    return reshape(s);
  }

  /** Removes axes of size 1 (all of them when none are given). */
  public Tensor squeeze(int... axes) {
    return reshape(Compositions.squeezedShape(shape, axes));
  }

  /** Broadcasts to a shape (a view with stride 0 on repeated axes). */
  public Tensor broadcastTo(long... newShape) {
    if (Arrays.equals(newShape, shape)) {
      return this;
    }
    return Dispatcher.apply(new ExpandPrim(newShape.clone()), this);
  }

  /**
   * Python's {@code x[start:stop:step]} along one axis: negative indices count from the end,
   * out-of-range bounds clamp, a negative step walks backward. A view.
   */
  public Tensor slice(int axis, long start, long stop, long step) {
    return Compositions.slice(this, Shape.axis("slice", axis, ndim()), start, stop, step);
  }

  /** {@code x[start:stop]} along one axis. */
  public Tensor slice(int axis, long start, long stop) {
    return slice(axis, start, stop, 1);
  }

  /** Reverses the order of elements along the given axes (all axes when none are given). A view. */
  public Tensor flip(int... axes) {
    int[] r = Shape.axes("flip", axes, ndim());
    Tensor t = this;
    for (int a : r) {
      t = t.slice(a, -1, Long.MIN_VALUE, -1);
    }
    return t;
  }

  /**
   * Integer indexing {@code x[i, j, ...]} of the leading axes (negative counts from the end);
   * the indexed axes are removed. A view.
   */
  public Tensor get(long... index) {
    return Compositions.get(this, index);
  }

  /** Concatenates tensors along an existing axis (dtypes promote). */
  public static Tensor concat(int axis, Tensor... ts) {
    return Compositions.concat(axis, ts);
  }

  /** Stacks tensors of equal shape along a new axis. */
  public static Tensor stack(int axis, Tensor... ts) {
    if (ts.length == 0) {
      throw new IllegalArgumentException("stack: needs at least one tensor");
    }
    int a = Shape.axis("stack", axis, ts[0].ndim() + 1);
    Tensor[] expanded = new Tensor[ts.length];
    for (int i = 0; i < ts.length; i++) {
      if (!Arrays.equals(ts[i].shape, ts[0].shape)) {
        throw new IllegalArgumentException("stack: all tensors need the same shape, got "
            + Shape.str(ts[0].shape) + " and " + Shape.str(ts[i].shape));
      }
      expanded[i] = ts[i].expandDims(a);
    }
    return concat(a, expanded);
  }

  /** Pads with zeros: {@code before[d]} elements before and {@code after[d]} after axis d. */
  public Tensor pad(long[] before, long[] after) {
    return pad(before, after, 0.0);
  }

  /** Pads with a constant value (the gradient does not depend on it). */
  public Tensor pad(long[] before, long[] after, double value) {
    if (before.length != ndim() || after.length != ndim()) {
      throw new IllegalArgumentException("pad: needs " + ndim() + " widths before and after for shape "
          + Shape.str(shape) + ", got " + before.length + " and " + after.length);
    }
    return Dispatcher.apply(new PadPrim(before.clone(), after.clone(), new long[ndim()], value), this);
  }

  // =====================================================================================
  // Indexing: integer arrays, boolean masks, scatter-add, setitem (see Indexing)
  // =====================================================================================

  /**
   * NumPy's {@code take(x, indices, axis)}: integer-array indexing along one axis. The result has
   * shape {@code x.shape[:axis] ++ indices.shape ++ x.shape[axis+1:]}, with
   * {@code out[..., j..., ...] = x[..., indices[j...], ...]}. Indices are INT32 or INT64; a
   * negative one counts from the end; one outside [−n, n) throws
   * {@link IndexOutOfBoundsException} naming it, the axis and its size. The gradient scatter-adds
   * the cotangent back (repeated indices accumulate).
   */
  public Tensor take(int axis, Tensor indices) {
    return Indexing.take("take", this, axis, indices);
  }

  /**
   * {@code x[indices]}: with integer indices, {@code take(0, indices)}; with a BOOL tensor of this
   * tensor's shape (or of its leading axes), {@link #mask}.
   */
  public Tensor get(Tensor indices) {
    return indices.dtype() == DType.BOOL ? Indexing.mask("get", this, indices) : Indexing.take("get", this, 0, indices);
  }

  /**
   * {@code x[cond]}: the elements where the BOOL {@code cond} (of this tensor's shape) is true, as
   * a 1-d tensor in row-major order. A cond of the leading axes' shape selects whole sub-tensors:
   * shape {@code [count] ++ shape[cond.ndim:]}. Eager only: the result's shape depends on cond's
   * values, so it is refused with a clear message where they are unknown (inside vmap); use
   * {@code Tensor.where(cond, x, 0)} there. Differentiable in x (the gradient is scattered back).
   */
  public Tensor mask(Tensor cond) {
    return Indexing.mask("mask", this, cond);
  }

  /**
   * NumPy's {@code take_along_axis}: indices of this tensor's rank that broadcast against it on
   * every axis but {@code axis}; {@code out[i, j, k] = x[i, indices[i, j, k], k]} for axis 1.
   * With {@code argmax(axis)} (keeping the axis) it picks the maxima.
   */
  public Tensor takeAlongAxis(int axis, Tensor indices) {
    return Indexing.takeAlongAxis(this, axis, indices);
  }

  /**
   * PyTorch's {@code scatter_add} (NumPy's {@code add.at} along an axis), as a new tensor:
   * {@code out = x} with {@code out[i, indices[i, j, k], k] += src[i, j, k]} for axis 1. Indices
   * have this tensor's rank; src broadcasts to their shape. Repeated indices accumulate, always in
   * the same order (deterministic on every device). Gradients: to x the cotangent itself, to src
   * the cotangent gathered at the indices. The transpose of {@link #takeAlongAxis}.
   */
  public Tensor scatterAdd(int axis, Tensor indices, Tensor src) {
    return Indexing.scatterAdd(this, axis, indices, src);
  }

  /**
   * PyTorch's {@code index_add} (JAX's {@code x.at[indices].add(src)} along an axis), as a new
   * tensor: {@code out[..., indices[j], ...] += src[..., j, ...]}, with src broadcasting to
   * {@code shape[:axis] ++ indices.shape ++ shape[axis+1:]}. The transpose of {@link #take}.
   */
  public Tensor indexAdd(int axis, Tensor indices, Tensor src) {
    return Indexing.indexAdd(this, axis, indices, src);
  }

  /**
   * MyGrad's {@code x[index] = value} as an op: a new tensor equal to this one except at the
   * integer index of the leading axes ({@code x.get(index)}), which holds {@code value}
   * (broadcast, cast to this dtype). The gradient flows to {@code value} (summed over
   * broadcasting) and to the untouched elements of this tensor; the overwritten ones get none.
   */
  public Tensor set(long[] index, Tensor value) {
    return Indexing.set(this, index, value);
  }

  /** {@code x[index] = value} with a number. */
  public Tensor set(long[] index, double value) {
    return Indexing.set(this, index, Creation.scalar(value, dtype, device));
  }

  /** {@code x[..., start:stop:step, ...] = value} along one axis (Python's slice rules), as an op. */
  public Tensor set(int axis, long start, long stop, long step, Tensor value) {
    return Indexing.set(this, axis, start, stop, step, value);
  }

  /**
   * {@code x[indices] = value}, as an op: integer indices select rows along axis 0 (a repeated
   * index keeps its last value, as in NumPy); a BOOL mask of this tensor's shape (or of its
   * leading axes) selects elements, and {@code value} broadcasts to them or gives one per
   * selected element in order. Integer indices are read on the host.
   */
  public Tensor set(Tensor indices, Tensor value) {
    return Indexing.set(this, indices, value);
  }

  /** {@code x[indices] = value} with a number (integer rows or a BOOL mask). */
  public Tensor set(Tensor indices, double value) {
    return Indexing.set(this, indices, Creation.scalar(value, dtype, device));
  }

  // =====================================================================================
  // Devices, types, copies
  // =====================================================================================

  /** A copy on another device (this tensor itself when already there); differentiable. */
  public Tensor to(Device target) {
    if (target == device) {
      return this;
    }
    return Dispatcher.apply(new TransferPrim(target), this);
  }

  /** A conversion to another dtype (this tensor itself when already of it). */
  public Tensor to(DType target) {
    if (target == dtype) {
      return this;
    }
    return Dispatcher.apply(new CastPrim(target), this);
  }

  /** A constant sharing this tensor's data: gradients stop here (JAX's stop_gradient). */
  public Tensor detach() {
    if (tracer != null) {
      return tracer.detach();
    }
    return new Tensor(liveView("detach"), storage.retain(), false);
  }

  /**
   * A new leaf variable with the same values, sharing data (PyTorch's
   * {@code detach().requires_grad_()}).
   */
  public Tensor asVariable() {
    if (!dtype.isFloating()) {
      throw new IllegalArgumentException("Integer-valued tensors must be treated as constants (asVariable on "
          + dtype.numpyName() + " tensor of shape " + Shape.str(shape) + ")");
    }
    if (tracer != null) {
      throw new IllegalStateException("asVariable: cannot make a variable of a value traced by " + tracer.level);
    }
    return new Tensor(liveView("asVariable"), storage.retain(), true);
  }

  /** A dense copy in new memory; differentiable (the identity). */
  public Tensor copy() {
    return Dispatcher.apply(CopyPrim.INSTANCE, this);
  }

  /**
   * Overwrites this tensor's values in place with {@code value} (same shape, dtype and device,
   * else {@link IllegalArgumentException}); never recorded by autodiff (optimizers use it).
   *
   * <p><b>The assign rule</b> (PyTorch's version counters): assign always goes ahead, whatever
   * recorded computations saw the old values and whether or not they are still reachable — the
   * garbage collector plays no part. Every tensor's memory carries a version that assign
   * increments (through any view of it); a later {@link #backward()} through an op that saved
   * the overwritten values, or the {@link #grad()} of an intermediate computed from them,
   * throws {@link IllegalStateException} naming the op and the value — never a wrong gradient.
   * Ops that do not read their inputs' values to differentiate (add, sub, reshape, ...) are
   * not affected. A call that throws changes nothing.
   */
  public void assign(Tensor value) {
    Inplace.assign(this, value);
  }

  // =====================================================================================
  // Autodiff, MyGrad style
  // =====================================================================================

  /**
   * Reverse sweep seeded with ones of this tensor's shape (so a vector output gives the
   * elementwise derivatives, as MyGrad does). Afterwards, as in MyGrad, every non-constant
   * tensor that took part holds its derivative in {@link #grad()}: the variables, the
   * intermediate results, and this tensor (ones). Gradients accumulate across backward() calls
   * until {@link #zeroGrad()}.
   *
   * <p>The graph is then released (as PyTorch does without {@code retain_graph}): a second
   * backward() through an op whose saved values it needs throws
   * {@link IllegalStateException} naming the op. All or nothing: a backward() that throws
   * (a value it needs was closed or overwritten by {@link #assign}) changes no gradient.
   */
  public void backward() {
    Backward.run(this, null);
  }

  /** Reverse sweep seeded with {@code seed} (broadcast to this tensor's shape); see {@link #backward()}. */
  public void backward(Tensor seed) {
    Backward.run(this, seed);
  }

  /**
   * The accumulated derivative of the tensors backward() was called on with respect to this
   * one (this tensor's shape, dtype and device), or null if no backward() reached it (always
   * null for constants). A variable's gradient is stored by backward() itself; an intermediate
   * result's is computed the first time it is asked for, from the values the backward() used
   * (so it costs nothing when never asked for): if {@link #assign} overwrote one of them
   * since, this throws {@link IllegalStateException} naming the op.
   */
  public Tensor grad() {
    if (pendingGrad != null && !closed) {
      List<ReleasedGraph> graphs = new ArrayList<>(1);
      graphs.add(pendingGrad);
      if (morePendingGrads != null) {
        graphs.addAll(morePendingGrads);
      }
      Tensor total = Backward.pendingGrad(node, grad, graphs);
      pendingGrad = null;
      morePendingGrads = null;
      if (total != grad) {
        replaceGrad(total, true);
      }
    }
    return grad;
  }

  /** Forgets the gradient (and frees it: {@link #copy()} a gradient to keep it past this call). */
  public void zeroGrad() {
    Tensor old = grad;
    grad = null;
    pendingGrad = null;
    morePendingGrads = null;
    if (old != null) {
      old.close();
    }
  }

  /**
   * Does nothing: every tensor that takes part in a backward() gets its gradient (MyGrad's
   * rule). Kept so that code written for PyTorch's {@code retain_grad()} still compiles.
   *
   * @deprecated not needed; {@link #grad()} of an intermediate tensor works without it
   */
  @Deprecated
  public Tensor retainGrad() {
    return this;
  }

  // =====================================================================================
  // Memory
  // =====================================================================================

  /** Opens a scope: tensors created on this thread until it closes are closed with it. */
  public static Scope scope() {
    return new Scope(ThreadState.get());
  }

  /**
   * Frees this tensor's reference to its memory, and its gradient, which belongs to it (copy()
   * a gradient to keep it longer); using the tensor afterwards throws. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    zeroGrad();
    if (cleanable != null) {
      cleanable.clean();
    }
    view = null;
    storage = null;
  }

  // =====================================================================================
  // Internals shared with the engine
  // =====================================================================================

  View liveView(String op) {
    if (closed) {
      throw new IllegalStateException(op + ": this tensor (shape " + Shape.str(shape) + ", " + dtype.numpyName()
          + ") was closed, explicitly or by the end of its Scope, and cannot be used any more");
    }
    if (tracer != null) {
      throw new IllegalStateException(op + ": internal error, a traced tensor has no view");
    }
    return view;
  }

  Storage storage() {
    return storage;
  }

  void checkOpen(String op) {
    if (closed) {
      liveView(op);
    }
  }

  Level level() {
    return tracer == null ? null : tracer.level;
  }

  /** The node that feeds gradients into this tensor on the level-0 tape, or null. */
  Node tapeNode() {
    if (node != null) {
      return node;
    }
    if (variable) {
      if (leafNode == null) {
        leafNode = Node.leaf(this);
      }
      return leafNode;
    }
    return null;
  }

  /** The gradient as stored, without computing a pending one. */
  Tensor gradIfComputed() {
    return grad;
  }

  /** Called by the tape: the gradient becomes {@code g}, owned by this tensor (the old one is freed when owning). */
  void replaceGrad(Tensor g, boolean owning) {
    Tensor old = grad;
    g.ownedAsGrad = true;
    grad = g;
    if (owning && old != null && old != g) {
      old.close();
    }
  }

  /** Called by the tape: this tensor took part in a released graph, its gradient is computed when asked for. */
  void addPendingGrad(ReleasedGraph graph) {
    if (pendingGrad == null) {
      pendingGrad = graph;
    } else {
      if (morePendingGrads == null) {
        morePendingGrads = new ArrayList<>(1);
      }
      morePendingGrads.add(graph);
    }
  }

  /** Computes a pending gradient now if it can (before a scope closes the values it needs). */
  void computePendingGrad() {
    if (pendingGrad != null) {
      try {
        grad();
      } catch (RuntimeException e) {
        // left pending: grad() will say why
      }
    }
  }

  boolean ownedAsGrad() {
    return ownedAsGrad;
  }

  /** Parts of a traced value that a scope must keep along with it. */
  List<Tensor> tracedParts() {
    return tracer == null ? List.of() : tracer.parts();
  }

  /** A 0-d constant of this tensor's (floating) dtype on its device: a weakly typed scalar. */
  Tensor scalarLike(double c) {
    return Creation.scalar(c, dtype.toFloating(), device);
  }

  /** This tensor, cast to FLOAT64 if it is not floating. */
  Tensor floating() {
    return to(dtype.toFloating());
  }

  private Tensor unary(UnaryOp op) {
    Tensor x = op.acceptsIntegers() && dtype != DType.BOOL ? this : floating();
    return Dispatcher.apply(UnaryPrim.of(op), x);
  }

  private Tensor binary(BinaryOp op, Tensor other) {
    DType t = DType.promote(dtype, other.dtype);
    if (op == BinaryOp.DIV || op == BinaryOp.ATAN2) {
      t = t.toFloating();
    } else if (t == DType.BOOL && !op.isComparison()) {
      t = DType.INT32;
    }
    return Dispatcher.apply(BinaryPrim.of(op), to(t), other.to(t));
  }

  private Tensor binaryScalar(BinaryOp op, double c) {
    DType t = dtype.toFloating();
    Tensor x = to(t);
    return Dispatcher.apply(BinaryPrim.of(op), x, Creation.scalar(c, t, device));
  }

  private Tensor reduce(ReduceOp op, String name, boolean keepDims, int[] axes) {
    int[] r = Shape.axes(name, axes, ndim());
    Tensor x = dtype == DType.BOOL && op == ReduceOp.SUM ? to(DType.INT64) : this;
    if (r.length == 0 && !keepDims) {
      return op == ReduceOp.SUM && !x.dtype.isFloating() ? x.to(DType.INT64) : x;
    }
    return Dispatcher.apply(new ReducePrim(op, r, keepDims), x);
  }
}
