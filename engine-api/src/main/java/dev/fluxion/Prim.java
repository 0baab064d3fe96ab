package dev.fluxion;

import dev.fluxion.spi.DeviceBackend;
import dev.fluxion.spi.View;

/**
 * A primitive: the only kind of operation that reaches a backend. Each one states, in one
 * place, its shape/dtype rule ({@link #infer}), how it runs on concrete buffers
 * ({@link #eval}), and its VJP, JVP and batching rules — written with {@link Tensor} ops, so
 * that the rules are themselves differentiable and batchable and transforms nest freely.
 * Everything else in {@link Tensor} is a composition of primitives.
 */
abstract class Prim {
  /** Output shape and dtype. */
  record Meta(long[] shape, DType dtype) {}

  /** A value with its batch axis ({@code -1} when it does not depend on the batch). */
  record Batched(Tensor value, int bdim) {}

  /** Name used in error messages and on the tape. */
  abstract String name();

  /** Validates the inputs' shapes and dtypes and returns the output's (the shape/dtype rule). */
  abstract Meta infer(Tensor[] in);

  /**
   * Runs on concrete views of one device. Returns the output view: a new buffer, or — for
   * movement primitives — a view of an input's buffer.
   */
  abstract View eval(DeviceBackend backend, View[] in, Meta out);

  /** Whether gradients flow through this primitive at all (false for comparisons, argmax). */
  boolean differentiable() {
    return true;
  }

  /**
   * Whether the VJP rule reads the values of input {@code i} (not only its shape, dtype or
   * device). Only such inputs are guarded against in-place writes ({@link Tensor#assign})
   * while a backward that needs them is pending.
   */
  boolean vjpReadsInput(int i) {
    return true;
  }

  /** Whether the VJP rule reads the output's values (as exp's does); guarded like the inputs. */
  boolean vjpReadsOutput() {
    return true;
  }

  /**
   * Reverse mode: cotangents of the inputs given the cotangent {@code g} of the output.
   * Entries for inputs with {@code needs[i] == false} may be null. A cotangent may have a
   * broadcast shape or another floating dtype: the tape sums and casts it to the input's.
   */
  abstract Tensor[] vjp(Tensor[] in, Tensor out, Tensor g, boolean[] needs);

  /**
   * Forward mode: the tangent of the output given tangents of the inputs ({@code null} means
   * zero). May return a broadcastable tangent; null when the output tangent is zero.
   */
  abstract Tensor jvp(Tensor[] in, Tensor out, Tensor[] tangents);

  /** vmap: the output for inputs whose batch axes are {@code bdims} ({@code -1}: unbatched). */
  abstract Batched batch(Tensor[] values, int[] bdims, long batchSize);

  // ---- helpers shared by the rules ----

  static View allocate(DeviceBackend backend, Meta m) {
    return View.contiguous(backend.allocate(m.dtype(), Shape.size(m.shape())), m.shape());
  }

  /** A broadcast view of {@code v} with shape {@code to} (stride 0 on new and size-1 axes). */
  static View expand(View v, long[] to) {
    if (java.util.Arrays.equals(v.shape(), to)) {
      return v;
    }
    long[] strides = new long[to.length];
    int lead = to.length - v.ndim();
    for (int i = 0; i < to.length; i++) {
      int j = i - lead;
      strides[i] = j < 0 || v.shape()[j] != to[i] ? 0 : v.strides()[j];
    }
    return new View(v.buffer(), to, strides, v.offset());
  }

  static Tensor add(Tensor a, Tensor b) {
    return a == null ? b : b == null ? a : a.add(b);
  }

  static Tensor sub(Tensor a, Tensor b) {
    return b == null ? a : a == null ? b.neg() : a.sub(b);
  }

  /** The value with its batch axis moved to the front (a view). */
  static Tensor batchFirst(Tensor v, int bdim) {
    return bdim <= 0 ? v : v.moveAxis(bdim, 0);
  }

  /**
   * For broadcasting primitives: a batched value moved to axis 0 and given size-1 axes after
   * the batch axis so that its logical axes line up, from the right, with an output of logical
   * rank {@code rank}. Unbatched values are returned as they are (they broadcast from the right).
   */
  static Tensor alignBatched(Tensor v, int bdim, int rank) {
    if (bdim < 0) {
      return v;
    }
    Tensor front = batchFirst(v, bdim);
    int logical = front.ndim() - 1;
    if (logical == rank) {
      return front;
    }
    long[] shape = new long[rank + 1];
    shape[0] = front.shape()[0];
    for (int i = 1; i <= rank - logical; i++) {
      shape[i] = 1;
    }
    System.arraycopy(front.shape(), 1, shape, 1 + rank - logical, logical);
    return front.reshape(shape);
  }

  /** Logical rank of a possibly batched value. */
  static int logicalRank(Tensor v, int bdim) {
    return bdim < 0 ? v.ndim() : v.ndim() - 1;
  }

  /** Axis indexes shifted by one (for a batch axis inserted at the front). */
  static int[] shifted(int[] axes) {
    int[] out = new int[axes.length];
    for (int i = 0; i < axes.length; i++) {
      out[i] = axes[i] + 1;
    }
    return out;
  }
}
