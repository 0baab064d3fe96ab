package dev.fluxion.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The dynamic linker's line out of JCuda's long loader messages. */
class LinkFailuresTest {
  @Test
  void theLinkersLineIsFoundInTheMessageOrACause() {
    String jcuda = "Error while loading native library \"JCudaDriver-12.0.0-linux-x86_64\"\nOperating system name: Linux\n"
        + "Stack trace from the attempt to load the library as a resource:\njava.lang.UnsatisfiedLinkError: "
        + "/tmp/libJCudaDriver-12.0.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file: No such file or directory\n"
        + "\tat java.base/jdk.internal.loader.NativeLibraries.load(Native Method)\n";
    assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory",
        LinkFailures.summary(new UnsatisfiedLinkError(jcuda)));
    NoClassDefFoundError later = new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver");
    later.initCause(new ExceptionInInitializerError("Exception java.lang.UnsatisfiedLinkError: " + jcuda));
    assertEquals("libcuda.so.1: cannot open shared object file: No such file or directory", LinkFailures.summary(later));
  }

  @Test
  void otherwiseTheFirstLineOfTheMessage() {
    assertEquals("UnsatisfiedLinkError: no JCudaDriver in java.library.path",
        LinkFailures.summary(new UnsatisfiedLinkError("no JCudaDriver in java.library.path\nmore")));
    assertEquals("NoClassDefFoundError", LinkFailures.summary(new NoClassDefFoundError()));
  }
}
