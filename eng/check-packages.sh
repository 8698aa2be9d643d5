#!/usr/bin/env bash
# Packs every project under src/ and checks what a consumer would receive: each dependency is one of our
# packages at our version or a package pinned in Directory.Packages.props at exactly that version (and
# fetched by the restore), every package has its metadata, and no assembly defines a type in Microsoft's
# Microsoft.Extensions.AI namespace. Prints what it checked; exits non-zero with the reasons otherwise.
#
#   bash eng/check-packages.sh               build, pack and check
#   bash eng/check-packages.sh --no-build    pack what 'dotnet build Adapters.sln -c Release' already built
# Further arguments go to dotnet pack and the MSBuild evaluation (e.g. -p:MeaiVersion=11.0.0).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

started=$(date +%s.%N)
elapsed() { awk -v a="$1" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'; }

packages="$root/artifacts/packages"
work="$root/artifacts/package-check"
rm -rf "$packages" "$work"
mkdir -p "$packages" "$work"

# Every directory under src/ with a project is expected to produce a package of the same id.
expected=$(for project in src/*/*.csproj; do basename "$project" .csproj; done | paste -sd, -)

# The checker builds while the packages are packed: neither depends on the other.
dotnet build eng/tools/PackageCheck/PackageCheck.csproj -c Release -nologo -clp:ErrorsOnly -o "$work/tool" \
  >"$work/tool-build.log" 2>&1 &
tool_pid=$!

step=$(date +%s.%N)
if ! dotnet pack Adapters.sln -c Release -o "$packages" -nologo -clp:ErrorsOnly "$@" >"$work/pack.log" 2>&1; then
  cat "$work/pack.log"
  echo "package check FAILED: dotnet pack failed (log above)"
  wait "$tool_pid" || true
  exit 1
fi
pack_time=$(elapsed "$step")

# What MSBuild evaluates for these arguments: our version, the pins (MeaiVersion applied) and the package cache.
if ! dotnet msbuild src/LlmAdapters.Core/LlmAdapters.Core.csproj -nologo -p:Configuration=Release \
  -getItem:PackageVersion -getProperty:Version -getProperty:NuGetPackageRoot \
  $(printf '%s\n' "$@" | grep -E '^-(p|property):' || true) >"$work/evaluation.json"; then
  cat "$work/evaluation.json"
  echo "package check FAILED: could not evaluate Directory.Packages.props (output above)"
  wait "$tool_pid" || true
  exit 1
fi

if ! wait "$tool_pid"; then
  cat "$work/tool-build.log"
  echo "package check FAILED: could not build eng/tools/PackageCheck (log above)"
  exit 1
fi

step=$(date +%s.%N)
status=0
dotnet "$work/tool/PackageCheck.dll" "$packages" "$work/evaluation.json" "$expected" || status=$?
echo "package check: pack ${pack_time} s, check $(elapsed "$step") s, total $(elapsed "$started") s"
if [ $status -ne 0 ]; then
  echo "package check FAILED (reasons above)"
fi
exit $status
