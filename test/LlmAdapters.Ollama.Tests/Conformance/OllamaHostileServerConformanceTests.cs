using LlmAdapters.Conformance;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests.Conformance;

/// <summary>Ollama (with a key, as for its cloud): <c>Authorization: Bearer</c>; errors are <c>{"error":"…"}</c>, also as an NDJSON line.</summary>
public sealed class OllamaHostileServerConformanceTests : AdapterHostileServerConformanceTests
{
    protected override string Key => "ollama-Leak+Test/Key=0123456789abcdef";

    protected override string Provider => "ollama";

    protected override IChatClient CreateClient(Uri endpoint) =>
        new OllamaChatClient(new OllamaOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = "llama3.2" });

    protected override string? CredentialOf(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Authorization", out var value) && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;

    protected override string ErrorBody(string echo) => $$$"""{"error":"unauthorized key {{{echo}}}"}""";

    protected override (string ContentType, string Body) StreamWithError(string echo) => ("application/x-ndjson",
        """{"model":"llama3.2","created_at":"2026-03-10T12:00:00Z","message":{"role":"assistant","content":"Hi"},"done":false}""" + "\n" +
        $$$"""{"error":"runner failed for {{{echo}}}"}""" + "\n");
}
