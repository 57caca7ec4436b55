#!/usr/bin/env bash
# Installs or removes gradpath (make install / make uninstall).
#
#   scripts/install.sh install BINARY   BINARY (built by make install) into $DESTDIR$PREFIX/bin, with
#                                       the predefined experiments, the model exporter, shell
#                                       completions and a manifest under $DESTDIR$PREFIX/share
#   scripts/install.sh uninstall        removes exactly what the manifest lists
#   scripts/install.sh hints            for each installed shell that would not find the
#                                       completions, the line to add to its start-up file
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

# Whether the lines of $2 include $1 exactly. The shell's whole answer is read first: piping it into
# `grep -q`, which stops at the first match, can end the shell with SIGPIPE while it is still
# writing, and under `pipefail` that read as "not found" (seen in CI, about 1 run in 100 under load).
has_line() {
    local line
    while IFS= read -r line; do [ "$line" = "$1" ] && return 0; done <<<"$2"
    return 1
}

# For each shell that is installed here and would not find the completions just installed in a new
# session of the invoking user, one line saying what to add to its start-up file. Run by
# `make install` as the user (not through sudo, whose environment is root's), only without DESTDIR
# (a staged tree's search paths are its packager's). Writes nothing (fish is asked with a
# throw-away HOME, since it creates its folders on start).
hints() {
    local dir found="" d dirs=()
    dir="$prefix/share/bash-completion/completions"
    IFS=: read -ra dirs <<<"${XDG_DATA_DIRS:-/usr/local/share:/usr/share}"
    for d in "${BASH_COMPLETION_USER_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/bash-completion}" "${dirs[@]/%//bash-completion}"; do
        [ "${d%/}/completions" = "$dir" ] && found=1
    done
    if [ -z "$found" ] || [ ! -f /usr/share/bash-completion/bash_completion ]; then
        echo "bash: to complete gradpath, add to ~/.bashrc: source $dir/gradpath"
    fi
    if command -v zsh >/dev/null; then
        dir="$prefix/share/zsh/site-functions"
        if ! has_line "$dir" "$(zsh -fc 'print -l -- $fpath' 2>/dev/null || true)"; then
            echo "zsh: to complete gradpath, add to ~/.zshrc before compinit: fpath=($dir \$fpath)"
        fi
    fi
    if command -v fish >/dev/null; then
        dir="$prefix/share/fish/vendor_completions.d"
        local scratch
        scratch="$(mktemp -d)"
        if [ "$dir" != "${XDG_DATA_HOME:-$HOME/.local/share}/fish/vendor_completions.d" ] &&
            ! has_line "$dir" "$(env HOME="$scratch" XDG_CONFIG_HOME="$scratch" XDG_DATA_HOME="$scratch" \
                XDG_CACHE_HOME="$scratch" fish -c 'printf "%s\n" $fish_complete_path' 2>/dev/null || true)"; then
            echo "fish: to complete gradpath, add to ~/.config/fish/config.fish: set -p fish_complete_path $dir"
        fi
        rm -rf "$scratch"
    fi
    return 0
}

case "${1:-}" in
hints)
    if [ -z "$destdir" ]; then hints; fi
    ;;
install)
    binary="${2:?usage: scripts/install.sh install BINARY}"
    [ -x "$binary" ] || { echo "install.sh: $binary: not an executable" >&2; exit 2; }
    ensure_writable "$@"
    [ -f "$manifest" ] && uninstall >/dev/null
    # A staging folder that does not exist yet is created (a packager's `make install DESTDIR=…`);
    # it is the packager's, so the manifest does not list it.
    if [ -n "$destdir" ] && [ ! -d "$destdir" ]; then
        mkdir -p "$destdir" 2>/dev/null || { echo "install.sh: DESTDIR $destdir: cannot create it" >&2; exit 2; }
    fi
    entries=()
    # Creates a folder and its missing parents, remembering the ones it created.
    mkdirs() {
        local d="$1" missing=()
        while [ "$d" != / ] && [ ! -d "$destdir$d" ]; do missing=("$d" "${missing[@]}"); d="$(dirname "$d")"; done
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
    echo "usage: scripts/install.sh install BINARY | uninstall | hints   (PREFIX, DESTDIR from the environment)" >&2
    exit 2
    ;;
esac
