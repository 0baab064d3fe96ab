package dev.fluxion.nn;

import dev.fluxion.Tensor;
import java.util.ArrayList;
import java.util.List;

/** Modules applied one after another; the children are named {@code "0"}, {@code "1"}, ... */
public final class Sequential extends Module {
  private final List<Module> layers = new ArrayList<>();

  public Sequential(Module... layers) {
    for (Module m : layers) {
      add(m);
    }
  }

  /** Appends a layer; returns this. */
  public Sequential add(Module layer) {
    if (layer == null) {
      throw new IllegalArgumentException("Sequential: layer " + layers.size() + " is null");
    }
    addModule(Integer.toString(layers.size()), layer);
    layers.add(layer);
    return this;
  }

  public Module get(int i) {
    return layers.get(i);
  }

  public int size() {
    return layers.size();
  }

  @Override
  public Tensor forward(Tensor x) {
    Tensor y = x;
    for (Module m : layers) {
      y = m.forward(y);
    }
    return y;
  }
}
