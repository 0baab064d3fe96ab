#!/usr/bin/env bash
# Assembles the self-contained distribution (run by `mvn -B -Pdist package` or `./fluxion dist`, after the
# reactor built cli/target/fluxion.jar and dist/target/conformance):
#   dist/fluxion-VERSION-linux-x86_64.tar.gz, holding fluxion-VERSION-linux-x86_64/ with
#     bin/fluxion        the command; needs no installed Java
#     runtime/           a jlink image of JDK 17 with the modules Fluxion needs (the Vector API, AWT for the
#                        plots, JShell with its debugger agent and the zip file system for `fluxion shell`)
#     lib/fluxion.jar    the command-line jar: every backend, the prebuilt CUDA fatbins, JCuda's and JOCL's natives
#     lib/conformance/   the JUnit console launcher, jqwik and the conformance and CUDA test classes (gpucheck)
#     README.txt
# Usage: assemble.sh JDK VERSION (JDK: a JDK 17 with jmods, e.g. /usr/lib/jvm/java-17-openjdk-amd64)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
jdk="$1"
version="$2"
name="fluxion-$version-linux-x86_64"
image="$here/target/image/$name"
if [ ! -d "$jdk/jmods" ]; then
  echo "dist: $jdk has no jmods/ folder: jlink needs a full JDK 17 (give one with -Ddist.jdk=PATH)" >&2
  exit 1
fi
release="$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$jdk/release")"
if [ "$release" != 17 ]; then
  echo "dist: $jdk is JDK $release; the distribution links JDK 17 (give one with -Ddist.jdk=PATH)" >&2
  exit 1
fi
rm -rf "$here/target/image"
mkdir -p "$image/bin" "$image/lib"
modules=java.base,java.desktop,java.logging,java.management,jdk.unsupported,jdk.incubator.vector,jdk.jshell,jdk.jdwp.agent,jdk.zipfs
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
  --exclude-files='**/ct.sym,**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libjsound.so' \
  --output "$image/runtime" 2>&1 | grep -v 'Using incubator modules' || true
# The runtime's native libraries keep their dynamic symbols only (Debian's libjvm.so carries a 4 MB symbol table).
if command -v strip >/dev/null; then
  find "$image/runtime" -name '*.so' -exec strip --strip-unneeded {} +
fi
# The jar without the natives of other platforms (JOCL's and netlib's for macOS, Windows and ARM).
unpacked="$here/target/jar"
rm -rf "$unpacked" && mkdir -p "$unpacked"
(cd "$unpacked" && "$jdk/bin/jar" xf "$root/cli/target/fluxion.jar")
find "$unpacked" \( -name '*.dll' -o -name '*.dylib' -o -name '*.jnilib' -o -name '*-linux-arm64.so' \) -delete
rm -rf "$unpacked/resources/native/Linux-aarch64"
mv "$unpacked/META-INF/MANIFEST.MF" "$here/target/MANIFEST.MF"
"$jdk/bin/jar" --create --file "$image/lib/fluxion.jar" --manifest "$here/target/MANIFEST.MF" -C "$unpacked" .
cp -r "$here/target/conformance" "$image/lib/conformance"
printf 'import dev.fluxion.*;\nimport java.util.function.*;\n' > "$image/lib/shell-startup.jsh"
cp "$here/src/main/dist/bin/fluxion" "$image/bin/fluxion"
chmod 755 "$image/bin/fluxion"
sed "s/@VERSION@/$version/g" "$here/src/main/dist/README.txt" > "$image/README.txt"
rm -f "$here"/fluxion-*-linux-x86_64.tar.gz
tar -C "$here/target/image" -czf "$here/$name.tar.gz" "$name"
echo "dist: $here/$name.tar.gz ($(du -m "$here/$name.tar.gz" | cut -f1) MB; unpacked $(du -sm "$image" | cut -f1) MB:" \
  "runtime $(du -sm "$image/runtime" | cut -f1) MB, fluxion.jar $(du -sm "$image/lib/fluxion.jar" | cut -f1) MB," \
  "conformance runner $(du -sm "$image/lib/conformance" | cut -f1) MB)"
