using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace LlmAdapters.Polyfills.Tests;

/// <summary>
/// The real OpenTelemetry SDK (tracer and meter providers) listening to one source name, exporting into lists.
/// Every test uses its own source name, so parallel tests never see each other's telemetry.
/// </summary>
internal sealed class TelemetryCollector : IDisposable
{
    private readonly TracerProvider _tracerProvider;
    private readonly MeterProvider _meterProvider;
    private readonly List<Activity> _activities = [];
    private readonly List<MetricSnapshot> _metrics = [];

    public TelemetryCollector(string sourceName, params string[] additionalSources)
    {
        SourceName = sourceName;
        _tracerProvider = Sdk.CreateTracerProviderBuilder()
            .AddSource([sourceName, .. additionalSources])
            .SetSampler(new AlwaysOnSampler())
            .AddProcessor(new SimpleActivityExportProcessor(new ListActivityExporter(_activities)))
            .Build()!;
        _meterProvider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(sourceName)
            .AddReader(new BaseExportingMetricReader(new ListMetricExporter(_metrics)))
            .Build()!;
    }

    public string SourceName { get; }

    public IReadOnlyList<Activity> Activities
    {
        get
        {
            lock (_activities)
            {
                return [.. _activities];
            }
        }
    }

    /// <summary>Collects the meters now and returns the metrics of that collection.</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        lock (_metrics)
        {
            _metrics.Clear();
        }

        _meterProvider.ForceFlush();
        lock (_metrics)
        {
            return [.. _metrics];
        }
    }

    public void Dispose()
    {
        _tracerProvider.Dispose();
        _meterProvider.Dispose();
    }

    internal sealed record MetricSnapshot(string Name, string Unit, string Description, IReadOnlyList<PointSnapshot> Points);

    internal sealed record PointSnapshot(IReadOnlyDictionary<string, object?> Tags, IReadOnlyList<string> TagOrder, double Sum, long Count, IReadOnlyList<double> Bounds);

    private sealed class ListActivityExporter(List<Activity> sink) : BaseExporter<Activity>
    {
        public override ExportResult Export(in Batch<Activity> batch)
        {
            lock (sink)
            {
                foreach (var activity in batch)
                {
                    sink.Add(activity);
                }
            }

            return ExportResult.Success;
        }
    }

    /// <summary>Copies each metric point at export time (the SDK reuses its metric objects).</summary>
    private sealed class ListMetricExporter(List<MetricSnapshot> sink) : BaseExporter<Metric>
    {
        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                var points = new List<PointSnapshot>();
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    var tags = new Dictionary<string, object?>();
                    var order = new List<string>();
                    foreach (var tag in point.Tags)
                    {
                        tags[tag.Key] = tag.Value;
                        order.Add(tag.Key);
                    }

                    var bounds = new List<double>();
                    foreach (var bucket in point.GetHistogramBuckets())
                    {
                        bounds.Add(bucket.ExplicitBound);
                    }

                    points.Add(new PointSnapshot(tags, order, point.GetHistogramSum(), point.GetHistogramCount(), bounds));
                }

                lock (sink)
                {
                    sink.Add(new MetricSnapshot(metric.Name, metric.Unit, metric.Description, points));
                }
            }

            return ExportResult.Success;
        }
    }
}
