#!/usr/bin/env bash
# Installs or removes gradpath (make install / make uninstall).
#
#   scripts/install.sh install BINARY   BINARY (built by make install) into $DESTDIR$PREFIX/bin, with
#                                       the predefined experiments, the model exporter, shell
#                                       completions and a manifest under $DESTDIR$PREFIX/share
#   scripts/install.sh uninstall        removes exactly what the manifest lists
#
# PREFIX defaults to /usr/local; DESTDIR (empty by default) is prepended to every path written, for
# staged installs and packaging. Installing over an earlier install first removes what that one
# installed (an upgrade leaves no stale specification behind). When the target folder is not
# writable and we are not root, the script runs itself again through sudo.
set -euo pipefail

prefix="${PREFIX:-/usr/local}"
destdir="${DESTDIR:-}"
case "$prefix" in /*) ;; *) echo "install.sh: PREFIX must be an absolute path, got '$prefix'" >&2; exit 2 ;; esac
root="$destdir$prefix"
share="$root/share/gradpath"
manifest="$share/install-manifest"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# Root through sudo when the nearest existing folder of the target is not writable.
ensure_writable() {
    local t="$root"
    while [ ! -e "$t" ]; do t="$(dirname "$t")"; done
    if [ ! -w "$t" ] && [ "$(id -u)" != 0 ]; then
        exec sudo env PREFIX="$prefix" DESTDIR="$destdir" "$0" "$@"
    fi
}

# Removes the files the manifest lists ("f PATH"), then the folders it created ("d PATH", deepest
# first, only when empty), then the manifest itself. PATHs are below $prefix; $destdir is prepended.
uninstall() {
    if [ ! -f "$manifest" ]; then
        echo "uninstall: nothing installed under $root (no $manifest)" >&2
        return 1
    fi
    local kind path n=0 lines=() dirs=()
    mapfile -t lines <"$manifest"
    for line in "${lines[@]}"; do
        kind="${line%% *}" path="${line#* }"
        # Files below the prefix; folders below it, the prefix itself or above it (created for it).
        case "$kind:$path" in
        f:"$prefix"/* | d:"$prefix" | d:"$prefix"/*) ;;
        d:/*) case "$prefix/" in "$path"/*) ;; *) bad="$path" ;; esac ;;
        *) bad="$line" ;;
        esac
        if [ -n "${bad:-}" ]; then
            echo "uninstall: $manifest: '$bad' is not an entry this install wrote below $prefix; nothing removed" >&2
            return 2
        fi
    done
    for line in "${lines[@]}"; do
        kind="${line%% *}" path="${line#* }"
        if [ "$kind" = f ]; then
            if [ -f "$destdir$path" ] || [ -L "$destdir$path" ]; then rm -f "$destdir$path" && n=$((n + 1)); fi
        else
            dirs+=("$path")
        fi
    done
    # The folders the install created, deepest first, each only when empty.
    while IFS= read -r path; do
        [ -n "$path" ] && rmdir "$destdir$path" 2>/dev/null || true
    done < <(printf '%s\n' "${dirs[@]}" | awk '{ print length($0) "\t" $0 }' | sort -rn | cut -f2-)
    echo "removed $n files from $root"
}

case "${1:-}" in
install)
    binary="${2:?usage: scripts/install.sh install BINARY}"
    [ -x "$binary" ] || { echo "install.sh: $binary: not an executable" >&2; exit 2; }
    ensure_writable "$@"
    [ -f "$manifest" ] && uninstall >/dev/null
    entries=()
    # Creates a folder and its missing parents, remembering the ones it created.
    mkdirs() {
        local d="$1" missing=()
        while [ ! -d "$destdir$d" ]; do missing=("$d" "${missing[@]}"); d="$(dirname "$d")"; done
        for d in "${missing[@]}"; do
            mkdir -m 755 "$destdir$d"
            entries+=("d $d")
        done
    }
    # put SOURCE MODE DEST (DEST a path below $prefix)
    put() {
        mkdirs "$(dirname "$3")"
        install -m "$2" "$1" "$destdir$3"
        entries+=("f $3")
    }
    put "$binary" 755 "$prefix/bin/gradpath"
    for spec in "$here"/experiments/*.json; do
        put "$spec" 644 "$prefix/share/gradpath/experiments/$(basename "$spec")"
    done
    put "$here/tools/export_for_gradpath.py" 644 "$prefix/share/gradpath/tools/export_for_gradpath.py"
    # Completions from swift-argument-parser's generator, run from the binary just installed.
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    for shell in bash zsh fish; do
        "$binary" --generate-completion-script "$shell" >"$tmp/$shell"
    done
    put "$tmp/bash" 644 "$prefix/share/bash-completion/completions/gradpath"
    put "$tmp/zsh" 644 "$prefix/share/zsh/site-functions/_gradpath"
    put "$tmp/fish" 644 "$prefix/share/fish/vendor_completions.d/gradpath.fish"
    mkdirs "$prefix/share/gradpath"
    printf '%s\n' "${entries[@]}" "f $prefix/share/gradpath/install-manifest" >"$manifest"
    chmod 644 "$manifest"
    echo "installed $("$destdir$prefix/bin/gradpath" --version) into $root (manifest: $manifest)"
    ;;
uninstall)
    ensure_writable "$@"
    uninstall
    ;;
*)
    echo "usage: scripts/install.sh install BINARY | uninstall   (PREFIX, DESTDIR from the environment)" >&2
    exit 2
    ;;
esac
