#!/usr/bin/env bash
# Builds ThreatSketch's installable packages from this source tree, with one release build:
#
#   dist/package.sh
#
#   TARGET/package/threatsketch_VERSION-1_ARCH.deb          Debian and Ubuntu (apt install ./…)
#   TARGET/package/threatsketch-VERSION-MACHINE-linux.tar.gz  other Linux (binary + dist/install.sh)
#   TARGET/package/SHA256SUMS
#
# TARGET is Cargo's target folder (target/ unless CARGO_TARGET_DIR says otherwise). The .deb
# is made by cargo-deb, which this script installs with `cargo install` at the version it pins
# (CARGO_DEB_VERSION) when missing or different. It also needs dpkg-shlibdeps and strip
# (Debian: apt-get install dpkg-dev binutils).
set -euo pipefail

CARGO_DEB_VERSION=3.8.0
APP=threatsketch

cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'package.sh: %s\n' "$*"; }
die() { printf 'package.sh: %s\n' "$*" >&2; exit 1; }

case "${1:-}" in
    '') ;;
    -h|--help) sed -n '2,13s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) die "takes no arguments (try --help)" ;;
esac

[ "$(uname -s)" = Linux ] || die "builds Linux packages only, on Linux"
for tool in cargo dpkg-shlibdeps strip tar gzip sha256sum; do
    command -v "$tool" >/dev/null 2>&1 ||
        die "needs '$tool' (on Debian: apt-get install dpkg-dev binutils; cargo from rustup)"
done

if [ "$(cargo deb --version 2>/dev/null)" != "cargo-deb $CARGO_DEB_VERSION" ]; then
    say "installing cargo-deb $CARGO_DEB_VERSION (a build tool; Cargo.lock is not touched)"
    cargo install cargo-deb --version "$CARGO_DEB_VERSION" --locked
fi

# One JSON line; the folder is the only value that needs reading from it.
metadata=$(cargo metadata --no-deps --format-version 1 --locked)
target_dir=$(printf '%s' "$metadata" | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
[ -n "$target_dir" ] || die "could not read Cargo's target folder from 'cargo metadata'"
pkgid=$(cargo pkgid --locked)
version=${pkgid##*[@#]}
machine=$(uname -m)
out=$target_dir/package
binary=$target_dir/release/$APP

say "building $APP $version (release, once for both packages)"
cargo build --release --locked --bin "$APP"
[ -x "$binary" ] || die "no binary at $binary after the build"
"$binary" --version >/dev/null || die "the built binary does not run"

rm -rf "$out"
mkdir -p "$out"

# The Debian package, from [package.metadata.deb] in Cargo.toml, with the binary just built.
say "making the Debian package"
deb=$(cargo deb --no-build --output "$out/" | tail -n 1)
[ -f "$deb" ] || die "cargo deb reported '$deb', which is not a file"

# The tarball: the binary at the top, the desktop files under dist/ as in this repository, so
# `dist/install.sh` works the same from the unpacked folder as from a checkout.
say "making the tarball"
name=$APP-$version-$machine-linux
stage=$out/$name
mkdir -p "$stage/dist"
strip --strip-unneeded -o "$stage/$APP" "$binary"
chmod 755 "$stage/$APP"
cp README.md LICENSE-MIT LICENSE-APACHE "$stage/"
cp -R dist/README.md dist/install.sh dist/$APP.desktop dist/$APP-mime.xml dist/icons "$stage/dist/"
chmod -R u=rwX,go=rX "$stage"
chmod 755 "$stage/dist/install.sh"
# Same bytes for the same inputs: file times from the last commit, names sorted, no owner.
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
tarball=$out/$name.tar.gz
tar --sort=name --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
    -C "$out" -cf - "$name" | gzip -9n >"$tarball"
rm -rf "$stage"

(cd "$out" && sha256sum -- "$(basename "$deb")" "$(basename "$tarball")" >SHA256SUMS)

say "done:"
for file in "$deb" "$tarball" "$out/SHA256SUMS"; do
    printf '  %s (%s)\n' "$file" "$(du -h "$file" | cut -f1)"
done
