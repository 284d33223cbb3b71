#!/usr/bin/env bash
# Installs ThreatSketch for one user: the binary, its desktop entry, its icons and the
# MIME type of its model files. No root needed.
#
#   dist/install.sh [BINARY]          install (BINARY defaults to target/release/threatsketch,
#                                     or to ./threatsketch in an unpacked release tarball)
#   dist/install.sh --uninstall       remove what an install put there
#   PREFIX=/some/where dist/install.sh   install somewhere else (default: $HOME/.local)
set -euo pipefail

APP=threatsketch
MIME_TYPE=application/x-threatsketch+ron
ICON_SIZES="16 32 48 64 128 256 512"

DIST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PROJECT_DIR=$(dirname "$DIST_DIR")
PREFIX=${PREFIX:-$HOME/.local}
case "$PREFIX" in
    /*) PREFIX=${PREFIX%/} ;;
    *) printf 'install.sh: PREFIX must be an absolute path, not %s\n' "$PREFIX" >&2; exit 1 ;;
esac

BIN_DIR=$PREFIX/bin
SHARE_DIR=$PREFIX/share
APPS_DIR=$SHARE_DIR/applications
MIME_DIR=$SHARE_DIR/mime
ICON_DIR=$SHARE_DIR/icons/hicolor

usage() {
    sed -n '2,8s/^# \{0,1\}//p' "$0"
}

say() { printf '%s\n' "$*"; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

# Runs a cache tool only if this system has it; a missing one is not an error.
refresh() {
    local tool=$1; shift
    if command -v "$tool" >/dev/null 2>&1; then
        if "$tool" "$@" >/dev/null 2>&1; then
            say "  ran      $tool $*"
        else
            say "  warning: $tool $* failed (the files are in place; a log-out may be needed)"
        fi
    else
        say "  skipped  $tool (not installed)"
    fi
}

refresh_caches() {
    say "Refreshing desktop caches:"
    [ -d "$APPS_DIR" ] && refresh update-desktop-database -q "$APPS_DIR"
    [ -d "$MIME_DIR/packages" ] && refresh update-mime-database "$MIME_DIR"
    if [ -f "$ICON_DIR/index.theme" ] || [ -f "$ICON_DIR/icon-theme.cache" ]; then
        refresh gtk-update-icon-cache -f -t -q "$ICON_DIR"
    else
        # No theme index and no cache here (usual under ~/.local): lookups work without one,
        # and creating one would go stale when other apps add icons without refreshing it.
        say "  skipped  gtk-update-icon-cache (no icon cache in $ICON_DIR, none needed)"
    fi
    return 0
}

put() { # put MODE SOURCE DEST
    install -D -m "$1" "$2" "$3"
    say "  $3"
}

# The menu may not see PREFIX/bin on its PATH (a fresh ~/.local/bin is only added at the next
# log-in), so the installed entry names the binary by its full path when that path is plain.
install_desktop_entry() {
    local dest=$APPS_DIR/$APP.desktop
    mkdir -p "$APPS_DIR"
    case "$BIN_DIR" in
        /*[!A-Za-z0-9/._+-]*|[!/]*)
            install -m 644 "$DIST_DIR/$APP.desktop" "$dest" ;;
        *)
            sed -e "s|^Exec=$APP |Exec=$BIN_DIR/$APP |" -e "s|^TryExec=$APP\$|TryExec=$BIN_DIR/$APP|" \
                "$DIST_DIR/$APP.desktop" >"$dest"
            chmod 644 "$dest" ;;
    esac
    say "  $dest"
}

remove() { # remove FILE
    if [ -e "$1" ] || [ -L "$1" ]; then
        rm -f -- "$1"
        say "  removed  $1"
    fi
}

# A checkout has the binary under target/release; the release tarball has it beside dist/.
default_binary() {
    if [ -f "$PROJECT_DIR/target/release/$APP" ] || [ ! -f "$PROJECT_DIR/$APP" ]; then
        printf '%s\n' "$PROJECT_DIR/target/release/$APP"
    else
        printf '%s\n' "$PROJECT_DIR/$APP"
    fi
}

do_install() {
    local binary=${1:-$(default_binary)}
    [ -f "$binary" ] || die "no binary at '$binary'. Build it first (cargo build --release) or pass its path."

    say "Installing ThreatSketch into $PREFIX:"
    put 755 "$binary" "$BIN_DIR/$APP"
    install_desktop_entry
    put 644 "$DIST_DIR/$APP-mime.xml" "$MIME_DIR/packages/$APP.xml"
    put 644 "$DIST_DIR/icons/hicolor/scalable/apps/$APP.svg" "$ICON_DIR/scalable/apps/$APP.svg"
    local size
    for size in $ICON_SIZES; do
        put 644 "$DIST_DIR/icons/hicolor/${size}x${size}/apps/$APP.png" \
            "$ICON_DIR/${size}x${size}/apps/$APP.png"
    done
    refresh_caches

    case ":$PATH:" in
        *":$BIN_DIR:"*) ;;
        *) say "Note: $BIN_DIR is not on your PATH; add it to run '$APP' from a terminal." ;;
    esac
    say "Done. ThreatSketch is in your application menu and opens $MIME_TYPE files."
}

do_uninstall() {
    say "Removing ThreatSketch from $PREFIX:"
    remove "$BIN_DIR/$APP"
    remove "$APPS_DIR/$APP.desktop"
    remove "$MIME_DIR/packages/$APP.xml"
    remove "$ICON_DIR/scalable/apps/$APP.svg"
    local size
    for size in $ICON_SIZES; do
        remove "$ICON_DIR/${size}x${size}/apps/$APP.png"
    done
    refresh_caches
    say "Done. Your model files were not touched."
}

case "${1:-}" in
    -h|--help) usage ;;
    --uninstall)
        [ $# -eq 1 ] || die "--uninstall takes no other arguments"
        do_uninstall ;;
    -*) die "unknown option '$1' (try --help)" ;;
    *)
        [ $# -le 1 ] || die "expected at most one argument, the binary's path (try --help)"
        do_install "$@" ;;
esac
