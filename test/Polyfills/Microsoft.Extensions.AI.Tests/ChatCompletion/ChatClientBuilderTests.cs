using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmAdapters.Polyfills.Tests;

public sealed class ChatClientBuilderTests
{
    [Fact]
    public void Build_SeveralUseCalls_FirstRegisteredIsOutermost()
    {
        var inner = new FakeChatClient();
        var seen = new List<string>();

        var built = inner.AsBuilder()
            .Use(c => new NamedClient(c, "first", seen))
            .Use((c, _) => new NamedClient(c, "second", seen))
            .Build();

        var outer = Assert.IsType<NamedClient>(built);
        Assert.Equal("first", outer.Name);
        var middle = Assert.IsType<NamedClient>(outer.Inner);
        Assert.Equal("second", middle.Name);
        Assert.Same(inner, middle.Inner);
        Assert.Equal(["second", "first"], seen);
    }

    [Fact]
    public void Build_WithoutServices_FactoriesGetEmptyProviderThatThrowsForRequiredServices()
    {
        IServiceProvider? captured = null;
        _ = new FakeChatClient().AsBuilder().Use((c, services) =>
        {
            captured = services;
            return c;
        }).Build();

        Assert.NotNull(captured);
        Assert.Null(captured.GetService(typeof(string)));
        Assert.Null(((IKeyedServiceProvider)captured).GetKeyedService(typeof(string), "k"));
        Assert.Throws<InvalidOperationException>(() => captured.GetRequiredService<string>());
        Assert.Throws<InvalidOperationException>(() => captured.GetRequiredKeyedService<string>("k"));
    }

    [Fact]
    public void Build_WithServices_PassesThemToInnerFactoryAndUseFactories()
    {
        var services = new ServiceCollection().AddSingleton("marker").BuildServiceProvider();
        string? fromInner = null;
        string? fromUse = null;

        _ = new ChatClientBuilder(sp =>
        {
            fromInner = sp.GetRequiredService<string>();
            return new FakeChatClient();
        }).Use((c, sp) =>
        {
            fromUse = sp.GetRequiredService<string>();
            return c;
        }).Build(services);

        Assert.Equal("marker", fromInner);
        Assert.Equal("marker", fromUse);
    }

    [Fact]
    public void Build_FactoryReturnsNull_ThrowsNamingTheIndex()
    {
        var builder = new FakeChatClient().AsBuilder().Use(c => c).Use(_ => null!);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("index 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CalledTwice_CreatesNewWrappersAroundSameInnerInstance()
    {
        var inner = new FakeChatClient();
        var builder = inner.AsBuilder().Use(c => new NamedClient(c, "w", []));

        var a = Assert.IsType<NamedClient>(builder.Build());
        var b = Assert.IsType<NamedClient>(builder.Build());

        Assert.NotSame(a, b);
        Assert.Same(inner, a.Inner);
        Assert.Same(inner, b.Inner);
    }

    [Fact]
    public void Constructors_NullArguments_Throw()
    {
        Assert.Equal("innerClient", Assert.Throws<ArgumentNullException>(() => new ChatClientBuilder((IChatClient)null!)).ParamName);
        Assert.Equal("innerClientFactory", Assert.Throws<ArgumentNullException>(() => new ChatClientBuilder((Func<IServiceProvider, IChatClient>)null!)).ParamName);
        Assert.Equal("innerClient", Assert.Throws<ArgumentNullException>(() => ((IChatClient)null!).AsBuilder()).ParamName);
    }

    [Fact]
    public void Use_NullDelegates_Throw()
    {
        var builder = new FakeChatClient().AsBuilder();

        Assert.Throws<ArgumentNullException>(() => builder.Use((Func<IChatClient, IChatClient>)null!));
        Assert.Throws<ArgumentNullException>(() => builder.Use((Func<IChatClient, IServiceProvider, IChatClient>)null!));
        Assert.Equal("getResponseFunc", Assert.Throws<ArgumentNullException>(() => builder.Use(null, null)).ParamName);
    }

    [Fact]
    public async Task Use_SharedDelegate_RunsAroundBothStreamingAndNonStreamingCalls()
    {
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "whole"))),
            GetStreamingResponseAsyncCallback = (_, _, ct) => FakeChatClient.Stream([new(ChatRole.Assistant, "a"), new(ChatRole.Assistant, "b")], ct),
        };
        var log = new List<string>();
        var client = inner.AsBuilder().Use(async (messages, options, next, ct) =>
        {
            log.Add("before");
            await next(messages, options, ct);
            log.Add("after");
        }).Build();

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);
        var updates = new List<string>();
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update.Text);
        }

        Assert.Equal("whole", response.Text);
        Assert.Equal(["a", "b"], updates);
        Assert.Equal(["before", "after", "before", "after"], log);
    }

    [Fact]
    public async Task Use_SharedDelegate_InnerStreamFails_ExceptionReachesConsumer()
    {
        async IAsyncEnumerable<ChatResponseUpdate> Failing()
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "partial");
            await Task.Yield();
            throw new IOException("dropped");
        }

        var client = new FakeChatClient { GetStreamingResponseAsyncCallback = (_, _, _) => Failing() }
            .AsBuilder().Use((messages, options, next, ct) => next(messages, options, ct)).Build();
        var received = new List<string>();

        await Assert.ThrowsAsync<IOException>(async () =>
        {
            await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
            {
                received.Add(update.Text);
            }
        });
        Assert.Equal(["partial"], received);
    }

    [Fact]
    public async Task Use_SharedDelegateThatNeverCallsNext_NonStreamingThrows()
    {
        var client = new FakeChatClient().AsBuilder().Use((_, _, _, _) => Task.CompletedTask).Build();

        await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Use_OnlyNonStreamingDelegate_StreamingIsDerivedFromIt()
    {
        var inner = new FakeChatClient();
        var client = inner.AsBuilder().Use(
            (messages, options, next, ct) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "from delegate"))),
            null).Build();

        var text = "";
        await foreach (var update in client.GetStreamingResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken))
        {
            text += update.Text;
        }

        Assert.Equal("from delegate", text);
        Assert.Equal(0, inner.Calls);
    }

    [Fact]
    public async Task Use_OnlyStreamingDelegate_NonStreamingIsDerivedFromIt()
    {
        var client = new FakeChatClient().AsBuilder().Use(
            null,
            (messages, options, next, ct) => FakeChatClient.Stream([new(ChatRole.Assistant, "he"), new(ChatRole.Assistant, "llo")], ct)).Build();

        var response = await client.GetResponseAsync("hi", cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("hello", response.Text);
    }

    private sealed class NamedClient : DelegatingChatClient
    {
        public NamedClient(IChatClient inner, string name, List<string> seen)
            : base(inner)
        {
            Name = name;
            Inner = inner;
            seen.Add(name);
        }

        public string Name { get; }

        public IChatClient Inner { get; }
    }
}
