#!/usr/bin/env bash
# Runs every test on a fresh machine: installs and starts what the tests need, builds, tests,
# and ends with one line "N passed, N failed" computed from the TRX results.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

# A real Redis server for the distributed-cache tests, on a free loopback port for this run only.
redis_pid=""
if ! command -v redis-server >/dev/null 2>&1; then
  echo "Installing redis-server (needed by the distributed-cache tests)..."
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server) >/dev/null 2>&1 \
    || echo "warning: could not install redis-server; the Redis tests will fail and say so."
fi
if command -v redis-server >/dev/null 2>&1; then
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null || echo 63790)
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize no >"$results/redis.log" 2>&1 &
  redis_pid=$!
  export LLMADAPTERS_TEST_REDIS="127.0.0.1:$port"
  for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
    sleep 0.1
  done
fi
cleanup() { [ -n "$redis_pid" ] && kill "$redis_pid" 2>/dev/null; }
trap cleanup EXIT

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# Tests never talk to real providers: drop any provider keys from this process.
unset OPENAI_API_KEY ANTHROPIC_API_KEY GEMINI_API_KEY GOOGLE_API_KEY GROQ_API_KEY OPENROUTER_API_KEY \
      DEEPSEEK_API_KEY MISTRAL_API_KEY XAI_API_KEY TOGETHER_API_KEY AZURE_OPENAI_API_KEY 2>/dev/null || true
# Nor to a real Ollama: no server address or hosted-Ollama key from the machine.
unset OLLAMA_HOST OLLAMA_API_KEY 2>/dev/null || true

# Two legs: the floor we declare (Microsoft.Extensions.AI 10.11.0, the default) builds the whole solution and runs every
# test; the newest line (11.0.0, with the Microsoft.Extensions.* 11.0.0 abstractions it requires) builds every src
# project through the test projects that touch the Microsoft.Extensions.AI pipeline (middleware, DI and factory, CLI, Semantic
# Kernel) and runs those, so both legs fit the ten minutes CI allows. Each leg also packs and checks the packages and
# runs the consumer app. LLMADAPTERS_MEAI_LEGS narrows the run (for example "10.11.0" alone while iterating).
legs="${LLMADAPTERS_MEAI_LEGS:-10.11.0 11.0.0}"
pipeline_tests="test/LlmAdapters.Middleware.Tests/LlmAdapters.Middleware.Tests.csproj test/LlmAdapters.Tests/LlmAdapters.Tests.csproj test/LlmAdapters.Cli.Tests/LlmAdapters.Cli.Tests.csproj test/LlmAdapters.SemanticKernel.Tests/LlmAdapters.SemanticKernel.Tests.csproj"
test_status=0
for meai in $legs; do
  if [ "$meai" = "10.11.0" ]; then targets="Adapters.sln"; else targets="$pipeline_tests"; fi
  echo "== Microsoft.Extensions.AI $meai: build"
  for target in $targets; do
    if ! dotnet build "$target" -c Release -nologo -clp:ErrorsOnly -p:MeaiVersion="$meai"; then
      echo "build failed (Microsoft.Extensions.AI $meai, $target)"
      echo "0 passed, 1 failed"
      exit 1
    fi
  done
  # Every library packs with real dependencies only (no stand-in, no unpackable project, exact pinned minimums).
  if ! bash eng/check-packages.sh --no-build -p:MeaiVersion="$meai"; then
    echo "package check failed (Microsoft.Extensions.AI $meai)"
    echo "0 passed, 1 failed"
    exit 1
  fi
  # A new user's app built from those packages next to Semantic Kernel compiles and runs both middlewares.
  if ! bash eng/consumer-check.sh; then
    echo "consumer check failed (Microsoft.Extensions.AI $meai)"
    echo "0 passed, 1 failed"
    exit 1
  fi
  echo "== Microsoft.Extensions.AI $meai: test"
  for target in $targets; do
    dotnet test "$target" -c Release --no-build -nologo -p:MeaiVersion="$meai" --logger "trx" \
      --results-directory "$results/meai-$meai" -- RunConfiguration.TestSessionTimeout=540000 || test_status=$?
  done
done

summary=$(python3 - "$results" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/**/*.trx", recursive=True):
    c = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    if c is None:
        continue
    passed += int(c.get("passed", 0))
    failed += int(c.get("failed", 0)) + int(c.get("error", 0)) + int(c.get("timeout", 0)) + int(c.get("aborted", 0))
    # xunit reports a skipped test as counted in total but not executed.
    skipped += int(c.get("total", 0)) - int(c.get("executed", 0))
print(f"{passed} passed, {failed} failed, {skipped} skipped")
PY
)
if [ $test_status -ne 0 ] && [[ "$summary" == *" 0 failed"* ]]; then
  summary="${summary/ 0 failed/ 1 failed}"
fi
echo "$summary"
exit $test_status
