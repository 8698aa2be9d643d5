#!/usr/bin/env bash
# Builds and runs a new user's app against the packed packages (artifacts/packages) next to Semantic Kernel:
# the app references LlmAdapters.OpenAI, .Middleware and .Testing by package id and version only, composes
# UseKernelFunctionInvocation() with UseCostTracking(), and runs an auto-invoked tool call on the emulator.
# Run after eng/check-packages.sh (which packs). Exits non-zero with the reason otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
packages="$root/artifacts/packages"
version=$(ls "$packages"/LlmAdapters.Core.*.nupkg | grep -v snupkg | head -1 | sed -E 's/.*LlmAdapters\.Core\.(.*)\.nupkg/\1/')
sk_version=$(grep -oE 'Include="Microsoft.SemanticKernel" Version="[^"]+"' "$root/Directory.Packages.props" | sed -E 's/.*Version="([^"]+)"/\1/')

# Outside the repository, so none of its Directory.Build.* or central versions apply: what a user's app sees.
app=$(mktemp -d)
trap 'rm -rf "$app"' EXIT
sed -e "s/@OUR_VERSION@/$version/" -e "s/@SK_VERSION@/$sk_version/" "$root/eng/consumer/ConsumerApp.csproj.template" >"$app/ConsumerApp.csproj"
cp "$root/eng/consumer/Program.cs" "$app/Program.cs"
# The packed folder as one more source beside the machine's own; settings only, nothing else changes.
cat >"$app/nuget.config" <<XML
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <add key="llmadapters-packed" value="$packages" />
  </packageSources>
</configuration>
XML
# Our packages are new builds of one version: never take a copy cached from an earlier pack.
rm -rf "${NUGET_PACKAGES:-$HOME/.nuget/packages}"/llmadapters.*/"$version"

if ! dotnet build "$app/ConsumerApp.csproj" -c Release -nologo -clp:ErrorsOnly >"$app/build.log" 2>&1; then
  cat "$app/build.log"
  echo "consumer check FAILED: an app referencing our packages and Microsoft.SemanticKernel $sk_version does not build"
  exit 1
fi
dotnet "$app/bin/Release/net10.0/ConsumerApp.dll"
