using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Core.Tests.Auth;

public sealed class RefreshingBearerCredentialTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GetTokenAsync_FreshToken_IsReusedUntilTheRefreshMargin()
    {
        var fetches = 0;
        using var credential = new RefreshingBearerCredential(
            _ =>
            {
                fetches++;
                return ValueTask.FromResult(new AccessToken($"token-{fetches}", _clock.GetUtcNow().AddMinutes(10)));
            },
            refreshMargin: TimeSpan.FromMinutes(2),
            timeProvider: _clock);

        var first = await credential.GetTokenAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromMinutes(7));
        var stillFirst = await credential.GetTokenAsync(TestContext.Current.CancellationToken);
        _clock.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        var second = await credential.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("token-1", first.Token);
        Assert.Equal("token-1", stillFirst.Token);
        Assert.Equal("token-2", second.Token);
        Assert.Equal(2, fetches);
    }

    [Fact]
    public async Task GetTokenAsync_ConcurrentCallers_ShareOneRefresh()
    {
        var fetches = 0;
        var release = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var credential = new RefreshingBearerCredential(
            async _ =>
            {
                Interlocked.Increment(ref fetches);
                return await release.Task;
            },
            timeProvider: _clock);

        var callers = Enumerable.Range(0, 16).Select(_ => credential.GetTokenAsync(TestContext.Current.CancellationToken).AsTask()).ToArray();
        release.SetResult(new AccessToken("shared", _clock.GetUtcNow().AddHours(1)));
        var tokens = await Task.WhenAll(callers);

        Assert.Equal(1, fetches);
        Assert.All(tokens, t => Assert.Equal("shared", t.Token));
    }

    [Fact]
    public async Task ApplyAsync_SetsBearerHeaderAndExposesTokenAsSecret()
    {
        using var credential = new RefreshingBearerCredential(
            _ => ValueTask.FromResult(new AccessToken("ya29.token-value", _clock.GetUtcNow().AddHours(1))),
            description: "the test token source",
            timeProvider: _clock);
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://localhost/");

        await credential.ApplyAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("Bearer ya29.token-value", Assert.Single(request.Headers.GetValues("Authorization")));
        Assert.Contains("ya29.token-value", credential.GetSecrets());
        Assert.Equal("the test token source", credential.Description);
        Assert.DoesNotContain("ya29", credential.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetTokenAsync_FetchFails_NextCallTriesAgain()
    {
        var attempts = 0;
        using var credential = new RefreshingBearerCredential(
            _ => ++attempts == 1
                ? ValueTask.FromException<AccessToken>(new InvalidOperationException("token endpoint down"))
                : ValueTask.FromResult(new AccessToken("ok", _clock.GetUtcNow().AddHours(1))),
            timeProvider: _clock);

        await Assert.ThrowsAsync<InvalidOperationException>(() => credential.GetTokenAsync(TestContext.Current.CancellationToken).AsTask());
        var token = await credential.GetTokenAsync(TestContext.Current.CancellationToken);

        Assert.Equal("ok", token.Token);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public async Task GetTokenAsync_CancelledWhileWaitingForAnotherRefresh_ThrowsOperationCanceled()
    {
        var release = new TaskCompletionSource<AccessToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var credential = new RefreshingBearerCredential(async _ => await release.Task, timeProvider: _clock);
        using var cts = new CancellationTokenSource();

        var first = credential.GetTokenAsync(TestContext.Current.CancellationToken).AsTask();
        var waiting = credential.GetTokenAsync(cts.Token).AsTask();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        release.SetResult(new AccessToken("t", _clock.GetUtcNow().AddHours(1)));
        Assert.Equal("t", (await first).Token);
    }

    [Fact]
    public void AccessToken_ToString_HidesTheToken()
    {
        var token = new AccessToken("secret-token", new DateTimeOffset(2026, 3, 1, 13, 0, 0, TimeSpan.Zero));

        Assert.Equal("AccessToken(expires 2026-03-01T13:00:00.0000000+00:00)", token.ToString());
    }
}
