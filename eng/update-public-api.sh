#!/usr/bin/env bash
# Brings every shipped library's PublicAPI.Unshipped.txt in line with its code: symbols the analyzer reports as new
# (RS0016) are added, symbols it cannot find any more (RS0017) are removed. Review the diff before committing it.
# Usage: eng/update-public-api.sh [extra dotnet build arguments]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

dotnet build "$root/Adapters.sln" -c Release --no-incremental -p:TreatWarningsAsErrors=false "$@" > "$log" 2>&1 || true

for project in "$root"/src/*/; do
  unshipped="$project/PublicAPI.Unshipped.txt"
  [[ -f "$unshipped" ]] || continue
  name="$(basename "$project")"
  added="$(grep -E "warning RS0016: .*\[.*/src/$name/$name\.csproj\]" "$log" \
    | sed -E "s/.*Symbol '(.*)' is not part of the declared public API.*/\1/" | sort -u || true)"
  removed="$(grep -E "warning RS0017: .*\[.*/src/$name/$name\.csproj\]" "$log" \
    | sed -E "s/.*Symbol '(.*)' is part of the declared API, but is either not public or could not be found.*/\1/" | sort -u || true)"
  [[ -z "$added" && -z "$removed" ]] && continue
  {
    echo '#nullable enable'
    { grep -v '^#nullable enable$' "$unshipped" || true; [[ -n "$added" ]] && printf '%s\n' "$added"; } \
      | grep -vxF -f <(printf '%s\n' "$removed" | sed '/^$/d'; echo '#no-such-symbol#') | sed '/^$/d' | LC_ALL=C sort -u
  } > "$unshipped.new"
  mv "$unshipped.new" "$unshipped"
  echo "$name: +$(printf '%s' "$added" | grep -c . || true) -$(printf '%s' "$removed" | grep -c . || true)"
done

grep -E "warning RS00[0-9]+" "$log" | grep -vE "RS0016|RS0017" | sed -E 's/^[^:]*src\///' | sort -u || true
