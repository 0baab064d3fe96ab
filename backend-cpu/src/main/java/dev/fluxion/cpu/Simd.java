package dev.fluxion.cpu;

/**
 * Whether the CPU backend may use its SIMD kernels ({@link VecMath}, built on the incubating
 * Vector API {@code jdk.incubator.vector}).
 *
 * <p>This class must not reference any {@code jdk.incubator.vector} type: it is loaded whether
 * or not the module is present, and {@link VecMath} (which does reference it) may only be
 * loaded when {@link #ENABLED} is true.
 *
 * <p>Switches (system properties):
 * <ul>
 *   <li>{@code -Dfluxion.cpu.simd=false} turns the SIMD kernels off (scalar {@code Math} loops).
 *   <li>{@code -Dfluxion.cpu.simd.bits=256|512} chooses the vector width of {@link VecMath}
 *       (default {@value #DEFAULT_BITS}, measured faster than 256 on an AVX-512 Xeon; 512 is only
 *       used where the hardware has 512-bit vectors, else 256).
 * </ul>
 * The JVM must be started with {@code --add-modules jdk.incubator.vector} for the module to be
 * in the boot layer.
 */
final class Simd {

    /** Default vector width in bits when {@code fluxion.cpu.simd.bits} is not set. */
    static final int DEFAULT_BITS = 512;

    /**
     * True when the module {@code jdk.incubator.vector} is in the boot layer and
     * {@code -Dfluxion.cpu.simd=false} is not set.
     */
    static final boolean ENABLED;

    /** Requested vector width in bits (256 or 512); {@link VecMath} may lower it to the hardware's. */
    static final int REQUESTED_BITS;

    static {
        boolean present;
        try {
            present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        } catch (RuntimeException | LinkageError e) {
            present = false;
        }
        String flag = System.getProperty("fluxion.cpu.simd");
        boolean off = flag != null && flag.trim().equalsIgnoreCase("false");
        ENABLED = present && !off;
        int bits = DEFAULT_BITS;
        String b = System.getProperty("fluxion.cpu.simd.bits");
        if (b != null) {
            try {
                bits = Integer.parseInt(b.trim()) >= 512 ? 512 : 256;
            } catch (NumberFormatException e) {
                bits = DEFAULT_BITS;
            }
        }
        REQUESTED_BITS = bits;
    }

    private Simd() {
    }

    /** Human-readable description of the elementwise math path in use. */
    static String describe() {
        if (!ENABLED) {
            String flag = System.getProperty("fluxion.cpu.simd");
            if (flag != null && flag.trim().equalsIgnoreCase("false")) {
                return "scalar (SIMD disabled by -Dfluxion.cpu.simd=false)";
            }
            return "scalar (run with --add-modules jdk.incubator.vector for SIMD)";
        }
        return VecMath.describe();
    }
}
