using System.Globalization;
using System.Text.Json;
using LlmAdapters.Benchmarks.Harness;
using LlmAdapters.Middleware;
using LlmAdapters.Middleware.Redis;
using LlmAdapters.OpenAI;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace LlmAdapters.Benchmarks.Scenarios;

/// <summary>
/// The per-call overhead of shared state, on OpenAI Chat Completions: <c>shared-state.call.small</c> (the small
/// non-streaming completion of <c>openai.call.small</c>) and <c>shared-state.stream.50</c> (a 50-delta stream with usage),
/// each as <c>adapter</c> (no middleware), <c>in-memory</c> (cost tracking with a budget and rate limiting with request
/// and token limits, on the in-memory stores) and <c>redis</c> (the same on the Redis stores, registered with
/// <c>AddLlmAdaptersRedisState</c>, against a redis-server of the benchmark's own). After the timed repetitions a probe
/// counts the Redis commands per call: rate limiting alone, budgets alone, both (the <c>redis</c> variant), and the shared
/// circuit breaker of resilience. Without a redis-server the <c>redis</c> variant and the counts are skipped.
/// </summary>
internal sealed class SharedStateScenarios : IScenarioSet
{
    private const string Model = "gpt-4.1-mini";
    private const string Key = "sk-bench-0000000000000000";
    private const string Prompt = "What is the capital of France?";
    private const string PathPrefix = "/shared-state/";
    private const int StreamDeltas = 50;
    private const int CountedCalls = 200;

    private static readonly IReadOnlyList<string> StreamFrames = OpenAIScenarios.BuildStreamFrames(OpenAIScenarios.Pieces[..StreamDeltas]);

    public ScriptedReply? Respond(CapturedRequest request)
    {
        if (!request.Path.StartsWith(PathPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        return request.Json?["stream"]?.GetValueKind() == JsonValueKind.True
            ? ScriptedReply.RawStream("text/event-stream", [.. StreamFrames])
            : ScriptedReply.Raw(200, OpenAIScenarios.SmallBody);
    }

    public IReadOnlyList<BenchmarkScenario> CreateScenarios(Uri emulator, ICollection<IDisposable> resources)
    {
        var endpoint = new Uri(emulator, PathPrefix.TrimStart('/') + "v1/");
        List<ChatMessage> messages = [new(ChatRole.User, Prompt)];

        // Each variant has its own adapter, so connection pools are alike and no variant warms another's.
        OpenAIChatClient Adapter()
        {
            var client = new OpenAIChatClient(new OpenAIOptions { Endpoint = endpoint, ApiKey = Key, DefaultModelId = Model });
            resources.Add(client);
            return client;
        }

        var adapter = Adapter();
        var inMemory = Own(resources, Adapter().AsBuilder()
            .UseCostTracking(BudgetOptions())
            .UseRateLimiting(LimitOptions(new InMemoryRateLimitStore()))
            .Build());

        // The server starts when a shared-state scenario first runs, so runs filtered to other scenarios never start one.
        var binary = RedisServerProcess.FindBinary();
        if (binary is null)
        {
            Console.WriteLine("shared-state: no redis-server installed (eng/test.sh installs it); the redis variant and the Redis round-trip counts are skipped.");
        }

        var fleet = binary is null ? null : new Fleet(binary, Adapter, resources);

        var streamChars = OpenAIScenarios.Pieces[..StreamDeltas].Sum(p => (long)p.Length);
        return
        [
            Scenario("shared-state.call.small", 100, null, OpenAIScenarios.SmallAnswer.Length, CallAsync),
            Scenario("shared-state.stream.50", 50, StreamDeltas, streamChars, OpenAIScenarios.AdapterStreamAsync),
        ];

        BenchmarkScenario Scenario(string name, int operations, int? deltas, long chars, Func<IChatClient, List<ChatMessage>, CancellationToken, ValueTask<long>> run)
        {
            List<BenchmarkVariant> variants =
            [
                new("adapter", ct => run(adapter, messages, ct)),
                new("in-memory", ct => run(inMemory, messages, ct)),
            ];
            if (fleet is not null)
            {
                variants.Add(new("redis", ct => run(fleet.Timed, messages, ct)));
            }

            return new BenchmarkScenario(name, operations, deltas, chars, variants, fleet is null ? null : ct => fleet.CountAsync(name, run, messages, ct));
        }
    }

    private static async ValueTask<long> CallAsync(IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken) =>
        (await client.GetResponseAsync(messages, cancellationToken: cancellationToken)).Text.Length;

    // A budget far above what the run spends: every call is checked, reserved and settled, none refused.
    private static CostTrackingOptions BudgetOptions()
    {
        var options = new CostTrackingOptions();
        options.Budgets.Add(new CostBudget(1_000_000m, BudgetPeriod.Month));
        return options;
    }

    // Limits far above the run's rate, in the default one-minute window: every call reserves a request and its tokens
    // and settles the tokens to the reported usage, none waits.
    private static RateLimitingOptions LimitOptions(IRateLimitStore? store) =>
        new() { RequestsPerMinute = 10_000_000, TokensPerMinute = 2_000_000_000, Store = store };

    private static IChatClient Own(ICollection<IDisposable> resources, IChatClient client)
    {
        resources.Add(client);
        return client;
    }

    private static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>
    /// A redis-server of the benchmark's own, started on first use, and pipelines on the Redis stores over it, each from
    /// its own service provider as a service would register them.
    /// </summary>
    private sealed class Fleet
    {
        private readonly Func<OpenAIChatClient> _adapter;
        private readonly ICollection<IDisposable> _resources;
        private readonly Lazy<(IConnectionMultiplexer Connection, RedisCommandCounter Counter)> _redis;
        private readonly Lazy<IChatClient> _timed;

        public Fleet(string binary, Func<OpenAIChatClient> adapter, ICollection<IDisposable> resources)
        {
            _adapter = adapter;
            _resources = resources;
            _redis = new(() => Start(binary));
            _timed = new(() => Stack("bench-timed", rateLimiting: true, budgets: true));
        }

        /// <summary>Gets the timed <c>redis</c> variant: budgets and rate limits on the Redis stores.</summary>
        public IChatClient Timed => _timed.Value;

        public IChatClient Stack(string keyPrefix, bool rateLimiting, bool budgets, bool circuit = false)
        {
            var services = new ServiceCollection()
                .AddLlmAdaptersRedisState(options =>
                {
                    options.Connection = _redis.Value.Connection;
                    options.KeyPrefix = keyPrefix;
                })
                .BuildServiceProvider();

            // Not disposed: the provider holds an async-only disposable (the Redis state connection, which does not own
            // the multiplexer), and the process ends with the run.
            var builder = _adapter().AsBuilder();
            if (budgets)
            {
                builder.UseCostTracking(BudgetOptions());
            }

            if (circuit)
            {
                builder.UseResilience();
            }

            if (rateLimiting)
            {
                builder.UseRateLimiting(LimitOptions(store: null));
            }

            return Own(_resources, builder.Build(services));
        }

        public async Task<IReadOnlyList<ScenarioMetric>> CountAsync(
            string scenario, Func<IChatClient, List<ChatMessage>, CancellationToken, ValueTask<long>> run, List<ChatMessage> messages, CancellationToken cancellationToken)
        {
            (string Name, IChatClient Client)[] stacks =
            [
                ("rate limiting", Stack($"bench-count-{scenario}-rl", rateLimiting: true, budgets: false)),
                ("budget", Stack($"bench-count-{scenario}-budget", rateLimiting: false, budgets: true)),
                // The timed variant itself: its windows are full from the timed run, as a busy service's would be.
                ("rate limiting + budget (the redis variant)", Timed),
                ("shared circuit (resilience)", Stack($"bench-count-{scenario}-circuit", rateLimiting: false, budgets: false, circuit: true)),
            ];
            var metrics = new List<ScenarioMetric>();
            foreach (var (name, client) in stacks)
            {
                // Warm up first, so one-time script loading is not spread over the counted calls.
                var counter = _redis.Value.Counter;
                await counter.CountAsync(5, ct => run(client, messages, ct), cancellationToken);
                var count = await counter.CountAsync(CountedCalls, ct => run(client, messages, ct), cancellationToken);
                var scripts = string.Join(", ", count.ByCommand.Select(c => $"{c.Key} {N(c.Value)}"));
                metrics.Add(new ScenarioMetric(
                    $"redis round trips/call, {name}",
                    count.Sent,
                    $"{N(count.Awaited)} waited for, {N(count.Sent - count.Awaited)} fire-and-forget; server ran {scripts} in {N(count.ServerMicros)} µs with {N(count.InsideScripts)} commands inside; {CountedCalls} calls"));
            }

            metrics.Add(new ScenarioMetric("redis PING round trip, median µs", await _redis.Value.Counter.PingMicrosecondsAsync(CountedCalls), "the floor under each round trip waited for"));
            return metrics;
        }

        private (IConnectionMultiplexer, RedisCommandCounter) Start(string binary)
        {
            var server = RedisServerProcess.Start(binary);
            Console.WriteLine($"shared-state: own redis-server at {server.Endpoint}");

            // AllowAdmin for INFO commandstats; otherwise the settings a service would use.
            var configuration = ConfigurationOptions.Parse(server.Endpoint);
            configuration.AllowAdmin = true;
            ConnectionMultiplexer connection;
            try
            {
                connection = ConnectionMultiplexer.Connect(configuration);
            }
            catch
            {
                server.Dispose();
                throw;
            }

            // Resources are released in order: the connection closes before its server stops.
            _resources.Add(connection);
            _resources.Add(server);
            return (connection, new RedisCommandCounter(connection));
        }
    }
}
