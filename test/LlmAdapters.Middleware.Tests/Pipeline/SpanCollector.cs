using System.Diagnostics;
using System.Globalization;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmAdapters.Middleware.Tests.Pipeline;

/// <summary>
/// The real OpenTelemetry SDK listening to one test's own activity source, exporting every finished span to
/// the SDK's in-memory exporter. A source name per test keeps parallel tests apart.
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    private readonly List<Activity> _spans = [];
    private readonly TracerProvider _tracerProvider;

    public SpanCollector()
    {
        SourceName = "LlmAdapters.Tests." + Guid.NewGuid().ToString("N");
        _tracerProvider = Sdk.CreateTracerProviderBuilder().AddSource(SourceName).AddInMemoryExporter(_spans).Build();
    }

    public string SourceName { get; }

    /// <summary>Gets the exported spans whose <c>gen_ai.operation.name</c> is <paramref name="operation"/>, in the order they ended.</summary>
    public IReadOnlyList<Activity> Operations(string operation)
    {
        _tracerProvider.ForceFlush();
        lock (_spans)
        {
            return [.. _spans.Where(s => Tag(s, "gen_ai.operation.name") == operation)];
        }
    }

    /// <summary>A span attribute as invariant text, so numbers compare by value whatever integer type carries them;
    /// <see langword="null"/> when the span has no such attribute.</summary>
    public static string? Tag(Activity span, string name) =>
        span.GetTagItem(name) is { } value ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    public void Dispose() => _tracerProvider.Dispose();
}
