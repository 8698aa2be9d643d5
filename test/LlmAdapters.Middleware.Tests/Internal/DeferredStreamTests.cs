using Microsoft.Extensions.AI;
using NSubstitute;

namespace LlmAdapters.Middleware.Tests;

public sealed class DeferredStreamTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async IAsyncEnumerable<ChatResponseUpdate> Updates(int count, List<string> log)
    {
        try
        {
            for (var i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return new ChatResponseUpdate(ChatRole.Assistant, "u" + i);
            }
        }
        finally
        {
            log.Add("inner disposed");
        }
    }

    private static DeferredStream<List<string>> Stream(int count, List<string> log, CancellationToken callToken, List<CancellationToken>? tokens = null) =>
        new(log, async (l, token) =>
        {
            tokens?.Add(token);
            l.Add("opened");
            var enumerator = Updates(count, l).GetAsyncEnumerator(token);
            return new OpenedStream(enumerator, await enumerator.MoveNextAsync(), LoggedResource(l));
        }, callToken);

    [Fact]
    public async Task Enumerate_OpensOnFirstMoveYieldsEveryUpdateAndDisposesInnerThenResource()
    {
        var log = new List<string>();
        var stream = Stream(3, log, Ct);
        Assert.Empty(log);

        var texts = new List<string>();
        await foreach (var update in stream)
        {
            texts.Add(update.Text);
        }

        Assert.Equal(["u0", "u1", "u2"], texts);
        Assert.Equal(["opened", "inner disposed", "resource disposed"], log);
    }

    [Fact]
    public async Task Enumerate_EmptyInner_EndsWithoutMovingAgain()
    {
        var log = new List<string>();
        await using var enumerator = Stream(0, log, Ct).GetAsyncEnumerator(Ct);

        Assert.False(await enumerator.MoveNextAsync());
        Assert.False(await enumerator.MoveNextAsync());
        Assert.Equal(["opened", "inner disposed"], log);
    }

    [Fact]
    public async Task GetAsyncEnumerator_BothTokensCancelable_OpensOnATokenCancelledByEither()
    {
        using var call = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var enumeration = new CancellationTokenSource();
        var tokens = new List<CancellationToken>();
        await using var enumerator = Stream(2, [], call.Token, tokens).GetAsyncEnumerator(enumeration.Token);

        Assert.True(await enumerator.MoveNextAsync());
        var token = Assert.Single(tokens);
        Assert.False(token.IsCancellationRequested);
        await enumeration.CancelAsync();
        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task MoveNextAsync_OpeningThrows_SurfacesOnceThenEnds()
    {
        var stream = new DeferredStream<int>(0, (_, _) => ValueTask.FromException<OpenedStream>(new InvalidOperationException("no stream")), Ct);
        await using var enumerator = stream.GetAsyncEnumerator(Ct);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await enumerator.MoveNextAsync());
        Assert.Equal("no stream", error.Message);
        Assert.False(await enumerator.MoveNextAsync());
    }

    private static IDisposable LoggedResource(List<string> log)
    {
        var resource = Substitute.For<IDisposable>();
        resource.When(r => r.Dispose()).Do(_ => log.Add("resource disposed"));
        return resource;
    }
}
