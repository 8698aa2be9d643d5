using LlmAdapters.Conformance;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests.Conformance;

/// <summary>OpenAI's error shapes shared by the OpenAI and Azure OpenAI suites.</summary>
public abstract class OpenAIShapedHostileServerTests : AdapterHostileServerConformanceTests
{
    protected override string ErrorBody(string echo) =>
        $$$"""{"error":{"message":"Incorrect API key provided: {{{echo}}}.","type":"{{{echo}}}","param":"{{{echo}}}","code":"{{{echo}}}"}}""";

    protected override (string ContentType, string Body) StreamWithError(string echo) => ("text/event-stream",
        """data: {"id":"chatcmpl-1","object":"chat.completion.chunk","created":1773144000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""" + "\n\n" +
        $$$"""data: {"error":{"message":"Key {{{echo}}} failed.","type":"{{{echo}}}","param":"{{{echo}}}","code":"{{{echo}}}"}}""" + "\n\n");
}

/// <summary>OpenAI: the key goes as <c>Authorization: Bearer</c>.</summary>
public sealed class OpenAIHostileServerConformanceTests : OpenAIShapedHostileServerTests
{
    protected override string Key => "sk-proj-Leak+Test/Key=0123456789abcdefXYZ";

    protected override string Provider => "openai";

    protected override IChatClient CreateClient(Uri endpoint) =>
        new OpenAIChatClient(new OpenAIOptions { Endpoint = new Uri(endpoint, "v1/"), ApiKey = Key, DefaultModelId = "gpt-4o-mini" });

    protected override string? CredentialOf(IReadOnlyDictionary<string, string> headers) =>
        headers.TryGetValue("Authorization", out var value) && value.StartsWith("Bearer ", StringComparison.Ordinal) ? value["Bearer ".Length..] : null;
}

/// <summary>Azure OpenAI: the key goes in the <c>api-key</c> header.</summary>
public sealed class AzureOpenAIHostileServerConformanceTests : OpenAIShapedHostileServerTests
{
    protected override string Key => "AzLeak+Test/Key=0123456789abcdefABCDEF";

    protected override string Provider => "azure.ai.openai";

    protected override IChatClient CreateClient(Uri endpoint) => new OpenAIChatClient(OpenAIOptions.ForAzure(endpoint, "my-deployment", Key));

    protected override string? CredentialOf(IReadOnlyDictionary<string, string> headers) => headers.GetValueOrDefault("api-key");
}
