using LlmAdapters.Middleware.Redis;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace LlmAdapters.Middleware.Tests.SharedState;

/// <summary>Stops a redis-server of the test's own mid-run and checks that the configured failure policy is followed.</summary>
public sealed class RedisStateFailurePolicyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_RedisStoppedMidRunFailOpen_CallsGoOnWithWarningAndMetric()
    {
        await using var server = await OwnRedisServer.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        using var metrics = new MetricCollector<long>(null, "LlmAdapters.Middleware.Redis", "llmadapters.shared_state.unavailable");
        var logs = new FakeLogger<RedisStateConnection>();
        await using var services = Services(server.Endpoint, SharedStateFailurePolicy.FailOpen, logs);
        using var client = Pipeline(emulator, services);

        await client.GetResponseAsync("before", cancellationToken: Ct);
        server.Stop();
        var during = await client.GetResponseAsync("during", cancellationToken: Ct);

        Assert.Equal(2, emulator.Requests.Count);
        Assert.NotEmpty(during.Messages);
        Assert.Contains(logs.Collector.GetSnapshot(), r => r.Level == LogLevel.Warning && r.Message.Contains("failing open", StringComparison.Ordinal));
        Assert.Contains(metrics.GetMeasurementSnapshot(), m => m.Value == 1 && Equals(m.Tags["policy"], "FailOpen"));
    }

    [Fact]
    public async Task GetResponseAsync_RedisStoppedMidRunFailClosed_RefusesWithoutSending()
    {
        await using var server = await OwnRedisServer.StartAsync();
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        await using var services = Services(server.Endpoint, SharedStateFailurePolicy.FailClosed, new FakeLogger<RedisStateConnection>());
        using var client = Pipeline(emulator, services);

        await client.GetResponseAsync("before", cancellationToken: Ct);
        server.Stop();
        var error = await Assert.ThrowsAsync<SharedStateUnavailableException>(() => client.GetResponseAsync("during", cancellationToken: Ct));

        Assert.Single(emulator.Requests);
        Assert.DoesNotContain(server.Endpoint, error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Services(string endpoint, SharedStateFailurePolicy policy, FakeLogger<RedisStateConnection> logger)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILogger<RedisStateConnection>>(logger);
        services.AddSingleton<ILoggerFactory>(new SingleLoggerFactory(logger));
        services.AddLlmAdaptersRedisState(o =>
        {
            o.ConnectionString = endpoint + ",connectTimeout=500";
            o.KeyPrefix = "t" + Guid.NewGuid().ToString("N")[..12];
            o.FailurePolicy = policy;
        });
        return services.BuildServiceProvider();
    }

    private static IChatClient Pipeline(ProviderEmulator emulator, IServiceProvider services) =>
        new OpenAIChatClient(new OpenAIOptions { Endpoint = emulator.Url("v1/"), ApiKey = "sk-test-fleet", DefaultModelId = "gpt-4o-mini" })
            .AsBuilder()
            .UseRateLimiting(new RateLimitingOptions { RequestsPerMinute = 100, Window = TimeSpan.FromSeconds(10) })
            .Build(services);

    /// <summary>Hands one fake logger to every category (the connection asks for its own).</summary>
    private sealed class SingleLoggerFactory(ILogger logger) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider provider)
        {
        }

        public ILogger CreateLogger(string categoryName) => logger;

        public void Dispose()
        {
        }
    }
}
