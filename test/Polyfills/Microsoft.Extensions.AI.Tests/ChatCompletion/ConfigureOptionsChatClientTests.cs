using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class ConfigureOptionsChatClientTests
{
    [Fact]
    public async Task GetResponseAsync_CallerOptions_CallbackSeesCopyAndCallerInstanceIsUnchanged()
    {
        ChatOptions? received = null;
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, options, _) =>
            {
                received = options;
                return Task.FromResult(new ChatResponse());
            },
        };
        var client = inner.AsBuilder().ConfigureOptions(o => o.Temperature = 0.25f).Build();
        var callerOptions = new ChatOptions { ModelId = "m" };

        await client.GetResponseAsync("hi", callerOptions, TestContext.Current.CancellationToken);

        Assert.NotNull(received);
        Assert.NotSame(callerOptions, received);
        Assert.Equal("m", received.ModelId);
        Assert.Equal(0.25f, received.Temperature);
        Assert.Null(callerOptions.Temperature);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_NoOptions_CallbackGetsNewOptions()
    {
        ChatOptions? received = null;
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (_, options, ct) =>
            {
                received = options;
                return FakeChatClient.Stream([], ct);
            },
        };
        var client = inner.AsBuilder().ConfigureOptions(o => o.ModelId = "configured").Build();

        await foreach (var _ in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal("configured", received?.ModelId);
    }

    [Fact]
    public void ConfigureOptions_NullCallback_Throws()
    {
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new FakeChatClient().AsBuilder().ConfigureOptions(null!)).ParamName);
        Assert.Equal("configure", Assert.Throws<ArgumentNullException>(() => new ConfigureOptionsChatClient(new FakeChatClient(), null!)).ParamName);
    }
}
