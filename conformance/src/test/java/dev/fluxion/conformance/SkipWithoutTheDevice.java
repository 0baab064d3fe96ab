package dev.fluxion.conformance;

import java.lang.reflect.Modifier;
import java.util.Optional;
import net.jqwik.api.lifecycle.LifecycleContext;
import net.jqwik.api.lifecycle.SkipExecutionHook;
import org.opentest4j.TestAbortedException;

/**
 * For jqwik property suites: skips a suite whose device cannot be opened, with the reason its
 * {@link DeviceTest#device()} assumption gives. (jqwik reports an assumption failing inside its
 * own {@code @BeforeProperty} hooks as an error, not a skip.) A device whose absence must fail
 * (under {@code CI=true} or the like) still fails: only assumptions are turned into skips.
 */
public final class SkipWithoutTheDevice implements SkipExecutionHook {
  @Override
  public SkipResult shouldBeSkipped(LifecycleContext context) {
    Optional<Class<?>> suite = context.optionalContainerClass();
    if (suite.isEmpty() || !DeviceTest.class.isAssignableFrom(suite.get()) || Modifier.isAbstract(suite.get().getModifiers())) {
      return SkipResult.doNotSkip();
    }
    try {
      ((DeviceTest) context.newInstance(suite.get())).device();
      return SkipResult.doNotSkip();
    } catch (TestAbortedException e) {
      return SkipResult.skip(e.getMessage());
    }
  }
}
