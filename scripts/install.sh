#!/usr/bin/env bash
# make install / make uninstall: copies a built nnscope, its man page and the bash, zsh and fish
# completion scripts into DESTDIR/PREFIX, and records every file and every folder it created in a
# manifest (PREFIX/share/nnscope/installed-files), which uninstall reads to remove exactly those.
#
#   scripts/install.sh install BINARY MANPAGE     (the Makefile passes them)
#   scripts/install.sh uninstall
# Environment: PREFIX (required), DESTDIR (optional staging root, as in GNU make conventions).
#
# The completion scripts are written here by the binary being installed
# (`--generate-completion-script`), so every subcommand and option it has is covered.
set -euo pipefail

die() { echo "nnscope install: $*" >&2; exit 1; }

[ -n "${PREFIX:-}" ] || die "PREFIX is not set"
case "$PREFIX" in /*) ;; *) die "PREFIX must be an absolute path, got '$PREFIX'" ;; esac
DESTDIR="${DESTDIR:-}"
if [ -n "$DESTDIR" ]; then
  case "$DESTDIR" in /*) ;; *) DESTDIR="$PWD/$DESTDIR" ;; esac
  DESTDIR="${DESTDIR%/}"
fi
PREFIX="${PREFIX%/}"

# Where each file goes (paths under PREFIX, without DESTDIR).
bin_path="$PREFIX/bin/nnscope"
man_path="$PREFIX/share/man/man1/nnscope.1"
bash_path="$PREFIX/share/bash-completion/completions/nnscope"
zsh_path="$PREFIX/share/zsh/site-functions/_nnscope"
fish_path="$PREFIX/share/fish/vendor_completions.d/nnscope.fish"
manifest_path="$PREFIX/share/nnscope/installed-files"

# Creates the folder PATH (under DESTDIR) and its missing parents, recording each one it creates.
make_folder() {
  local missing=() p="$1"
  while [ "$p" != / ] && [ ! -d "$DESTDIR$p" ]; do missing=("$p" "${missing[@]}"); p="$(dirname "$p")"; done
  for p in "${missing[@]}"; do
    mkdir "$DESTDIR$p"
    created_folders+=("$p")
  done
}

# install_file SOURCE MODE PATH
install_file() {
  make_folder "$(dirname "$3")"
  install -m "$2" "$1" "$DESTDIR$3"
  installed_files+=("$3")
  echo "installed $DESTDIR$3"
}

do_install() {
  local binary="$1" manpage="$2"
  [ -x "$binary" ] || die "no built binary at $binary"
  [ -f "$manpage" ] || die "no man page at $manpage (make manual writes it)"
  staging="$(mktemp -d)"
  trap 'rm -rf "$staging"' EXIT
  for shell in bash zsh fish; do
    "$binary" --generate-completion-script "$shell" > "$staging/$shell" \
      || die "$binary --generate-completion-script $shell failed"
  done

  [ -z "$DESTDIR" ] || mkdir -p "$DESTDIR"
  created_folders=()
  installed_files=()
  # Folders an earlier install created stay recorded, so uninstall still removes them.
  if [ -f "$DESTDIR$manifest_path" ]; then
    while read -r kind path; do
      [ "$kind" = folder ] && created_folders+=("$path")
    done < "$DESTDIR$manifest_path"
  fi
  install_file "$binary" 755 "$bin_path"
  install_file "$manpage" 644 "$man_path"
  install_file "$staging/bash" 644 "$bash_path"
  install_file "$staging/zsh" 644 "$zsh_path"
  install_file "$staging/fish" 644 "$fish_path"
  # The lessons (`nnscope lesson`), found by the binary in PREFIX/share/nnscope/lessons.
  for lesson in "$(dirname "$0")"/../Sources/Lessons/Library/*.lesson; do
    install_file "$lesson" 644 "$PREFIX/share/nnscope/lessons/$(basename "$lesson")"
  done
  make_folder "$(dirname "$manifest_path")"
  {
    for f in "${installed_files[@]}"; do echo "file $f"; done
    echo "file $manifest_path"
    for d in "${created_folders[@]}"; do echo "folder $d"; done
  } > "$DESTDIR$manifest_path.tmp"
  mv "$DESTDIR$manifest_path.tmp" "$DESTDIR$manifest_path"
  echo "installed $DESTDIR$manifest_path (make uninstall PREFIX=$PREFIX${DESTDIR:+ DESTDIR=$DESTDIR} removes all of it)"
  case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) [ -z "$DESTDIR" ] && echo "note: $PREFIX/bin is not on your PATH" ;; esac
  return 0
}

do_uninstall() {
  local manifest="$DESTDIR$manifest_path"
  if [ ! -f "$manifest" ]; then
    echo "nnscope is not installed under $DESTDIR$PREFIX (no $manifest)"
    return 0
  fi
  local folders=() kind path
  while read -r kind path; do
    case "$kind" in
      file) if [ "$path" != "$manifest_path" ]; then rm -f "$DESTDIR$path" && echo "removed $DESTDIR$path"; fi ;;
      folder) folders+=("$path") ;;
      *) die "$manifest: unexpected line '$kind $path'" ;;
    esac
  done < "$manifest"
  rm -f "$manifest" && echo "removed $manifest"
  # Deepest first; a folder that now holds something else is left alone.
  [ ${#folders[@]} -gt 0 ] || return 0
  printf '%s\n' "${folders[@]}" | awk '{ print gsub("/", "/"), $0 }' | sort -k1,1nr | uniq | cut -d' ' -f2- |
    while IFS= read -r path; do
      if rmdir "$DESTDIR$path" 2>/dev/null; then echo "removed $DESTDIR$path/"; fi
    done
}

case "${1:-}" in
  install) [ $# -eq 3 ] || die "usage: $0 install BINARY MANPAGE"; do_install "$2" "$3" ;;
  uninstall) do_uninstall ;;
  *) die "usage: $0 install BINARY MANPAGE | uninstall" ;;
esac
