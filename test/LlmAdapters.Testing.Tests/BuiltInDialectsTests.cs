using System.Net;
using static LlmAdapters.Testing.Tests.EmulatorTestSupport;

namespace LlmAdapters.Testing.Tests;

public sealed class BuiltInDialectsTests
{
    [Fact]
    public void Create_ListsEveryProviderInTheOrderTheyAreAsked()
    {
        var names = BuiltInDialects.Create().Select(d => d.Name).ToArray();

        Assert.Equal(["ollama", "gemini", "anthropic", "cohere", "openai-responses", "openai"], names);
    }

    [Fact]
    public void Create_EveryDialectIsOnTheTemplate()
    {
        Assert.All(BuiltInDialects.Create(), d => Assert.IsAssignableFrom<ProviderDialect>(d));
    }

    [Fact]
    public void Create_EachCall_ReturnsFreshInstances()
    {
        var first = BuiltInDialects.Create();
        var second = BuiltInDialects.Create();

        Assert.All(first.Zip(second), pair => Assert.NotSame(pair.First, pair.Second));
    }

    [Theory]
    [MemberData(nameof(DialectCall.Names), MemberType = typeof(DialectCall))]
    public async Task StartAsync_NoDialectsGiven_ServesEveryBuiltInProvider(string dialect)
    {
        var call = DialectCall.All[dialect];
        await using var emulator = await StartEmulatorAsync();
        emulator.Enqueue(ScriptedReply.Text("served"));
        using var http = new HttpClient();

        using var response = await SendAsync(http, emulator, call, stream: false);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("served", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_PathNoDialectServes_Returns404NamingTheRequest()
    {
        await using var emulator = await StartEmulatorAsync();
        using var http = new HttpClient();

        using var response = await http.PostAsync(emulator.Url("nowhere/at/all"), new StringContent("{}"), Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("POST /nowhere/at/all", body, StringComparison.Ordinal);
    }
}
