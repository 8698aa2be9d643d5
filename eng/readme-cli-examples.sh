#!/usr/bin/env bash
# Re-captures the examples of the README's "Command line" section: runs every "$ llmadapters …" line of its example blocks,
# in order, against the built CLI, offline (no provider key or model of this shell leaks in), and prints each block with its
# real output, ready to paste back. Blocks whose commands need a live server (--endpoint) are printed as they stand.
# test/LlmAdapters.Cli.Tests (ReadmeExamplesTests) runs the same lines and fails when the README no longer matches.
#
#   eng/readme-cli-examples.sh            # builds the CLI (Release) first
#   eng/readme-cli-examples.sh --no-build
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
if [ "${1:-}" != "--no-build" ]; then
  dotnet build src/LlmAdapters.Cli/LlmAdapters.Cli.csproj -c Release -v quiet -nologo >/dev/null
fi
cli="$root/src/LlmAdapters.Cli/bin/Release/net10.0/LlmAdapters.Cli.dll"
[ -f "$cli" ] || { echo "error: $cli not found; build src/LlmAdapters.Cli -c Release first." >&2; exit 1; }

# The examples run in their own config directory (the README's own 'export XDG_CONFIG_HOME=…' line re-points it), with
# every variable a provider reads removed, so they show what a first run on a clean machine prints.
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
export XDG_CONFIG_HOME="$scratch"
while IFS='=' read -r name _; do
  case "$name" in
    *_API_KEY|*_API_TOKEN|OLLAMA_HOST|LLMADAPTERS_*|LlmAdapters__*|GOOGLE_*|AZURE_*) unset "$name" ;;
  esac
done < <(env)

llmadapters() { dotnet "$cli" "$@"; }

# The section's fenced blocks that start with a "$ " line, as "BLOCK" separators followed by their command lines.
section="$(awk '/^## Command line$/ { on = 1; next } on && /^## / { exit } on { print }' README.md)"
blocks="$(awk '
  /^```/ { if (!fenced) { fenced = 1; first = 1; next } fenced = 0; next }
  fenced && first { first = 0; if ($0 !~ /^\$ /) { skip = 1 } else { skip = 0; print "BLOCK" } }
  fenced && !skip && /^\$ / { print substr($0, 3) }
' <<<"$section")"

run_block() {
  local lines=("$@") live=0 line
  for line in "${lines[@]}"; do [[ "$line" == *--endpoint* ]] && live=1; done
  echo '```'
  for line in "${lines[@]}"; do
    echo "\$ $line"
    if [ "$live" = 0 ]; then
      if [[ "$line" == export\ XDG_CONFIG_HOME=* ]]; then
        rm -rf "$(eval "echo ${line#export XDG_CONFIG_HOME=}" | sed 's/ *#.*//')"
      fi
      eval "$line" 2>&1 || true
    fi
  done
  [ "$live" = 1 ] && echo '(needs a live server: not re-captured)'
  echo '```'
  echo
}

current=()
while IFS= read -r line; do
  if [ "$line" = "BLOCK" ]; then
    [ ${#current[@]} -gt 0 ] && run_block "${current[@]}"
    current=()
  else
    current+=("$line")
  fi
done <<<"$blocks"
[ ${#current[@]} -gt 0 ] && run_block "${current[@]}"
