using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that records a span and metrics for every embedding request, following the OpenTelemetry GenAI
/// semantic conventions (v1.41).
/// </summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
public sealed class OpenTelemetryEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly ActivitySource _activitySource;
    private readonly Meter _meter;
    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<int> _tokenUsage;
    private readonly ILogger? _logger;
    private readonly string? _defaultModelId;
    private readonly int? _defaultModelDimensions;
    private readonly string? _providerName;
    private readonly string? _serverAddress;
    private readonly int _serverPort;

    /// <summary>Initializes a new instance of the <see cref="OpenTelemetryEmbeddingGenerator{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGenerator">The generator whose requests are traced.</param>
    /// <param name="logger">Receives a warning for every failed request; none when null.</param>
    /// <param name="sourceName">The name of the activity source and meter; <c>Experimental.Microsoft.Extensions.AI</c> when null or empty.</param>
    public OpenTelemetryEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ILogger? logger = null, string? sourceName = null)
        : base(innerGenerator)
    {
        _logger = logger;

        if (innerGenerator.GetService<EmbeddingGeneratorMetadata>() is { } metadata)
        {
            _defaultModelId = metadata.DefaultModelId;
            _defaultModelDimensions = metadata.DefaultModelDimensions;
            _providerName = metadata.ProviderName;
            _serverAddress = metadata.ProviderUri?.Host;
            _serverPort = metadata.ProviderUri?.Port ?? 0;
        }

        var name = string.IsNullOrEmpty(sourceName) ? GenAITelemetry.DefaultSourceName : sourceName;
        _activitySource = new ActivitySource(name);
        _meter = new Meter(name);
        _operationDuration = GenAITelemetry.CreateOperationDuration(_meter);
        _tokenUsage = GenAITelemetry.CreateTokenUsage(_meter);
    }

    /// <summary>Gets or sets a value indicating whether additional properties of requests and responses are recorded.</summary>
    /// <value>
    /// The default is <see langword="true"/> when the environment variable <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>
    /// is <c>true</c> (any case), otherwise <see langword="false"/>.
    /// </value>
    public bool EnableSensitiveData { get; set; } = GenAITelemetry.SensitiveDataFromEnvironment();

    /// <inheritdoc/>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(ActivitySource) && serviceKey is null ? _activitySource : base.GetService(serviceType, serviceKey);

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _activitySource.Dispose();
            _meter.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(values);

        using var activity = StartActivity(options);
        var started = Stopwatch.GetTimestamp();
        var requestModelId = options?.ModelId ?? _defaultModelId;

        GeneratedEmbeddings<TEmbedding>? response = null;
        Exception? error = null;
        try
        {
            response = await base.GenerateAsync(values, options, cancellationToken);
            return response;
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            Complete(activity, requestModelId, response, error, started);
        }
    }

    private Activity? StartActivity(EmbeddingGenerationOptions? options)
    {
        if (!_activitySource.HasListeners())
        {
            return null;
        }

        var modelId = options?.ModelId ?? _defaultModelId;
        var activity = _activitySource.StartActivity(
            string.IsNullOrWhiteSpace(modelId) ? GenAITelemetry.EmbeddingsOperation : $"{GenAITelemetry.EmbeddingsOperation} {modelId}",
            ActivityKind.Client,
            parentContext: default,
            tags:
            [
                new(GenAITelemetry.OperationName, GenAITelemetry.EmbeddingsOperation),
                new(GenAITelemetry.RequestModel, modelId),
                new(GenAITelemetry.ProviderName, _providerName),
            ]);

        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }

        if (_serverAddress is not null)
        {
            _ = activity.SetTag(GenAITelemetry.ServerAddress, _serverAddress).SetTag(GenAITelemetry.ServerPort, _serverPort);
        }

        if ((options?.Dimensions ?? _defaultModelDimensions) is { } dimensions)
        {
            _ = activity.SetTag(GenAITelemetry.EmbeddingsDimensionCount, dimensions);
        }

        if (EnableSensitiveData && options?.AdditionalProperties is { } additional)
        {
            foreach (var property in additional)
            {
                _ = activity.SetTag(property.Key, property.Value);
            }
        }

        return activity;
    }

    private void Complete(Activity? activity, string? requestModelId, GeneratedEmbeddings<TEmbedding>? response, Exception? error, long started)
    {
        var responseModelId = response is { Count: > 0 } ? response[0].ModelId : null;

        if (_operationDuration.Enabled)
        {
            var tags = default(TagList);
            AddMetricTags(ref tags, requestModelId, responseModelId);
            if (error is not null)
            {
                tags.Add(GenAITelemetry.ErrorType, error.GetType().FullName);
            }

            _operationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }

        if (_tokenUsage.Enabled && response?.Usage?.InputTokenCount is { } inputTokens)
        {
            var tags = default(TagList);
            tags.Add(GenAITelemetry.TokenType, "input");
            AddMetricTags(ref tags, requestModelId, responseModelId);
            _tokenUsage.Record((int)inputTokens, tags);
        }

        if (error is not null)
        {
            _ = activity?.SetTag(GenAITelemetry.ErrorType, error.GetType().FullName).SetStatus(ActivityStatusCode.Error, error.Message);
            if (_logger is not null)
            {
                EmbeddingTelemetryLog.OperationException(_logger, error);
            }
        }

        if (response is not null && activity is { IsAllDataRequested: true })
        {
            if (response.Usage?.InputTokenCount is { } tokens)
            {
                _ = activity.SetTag(GenAITelemetry.UsageInputTokens, (int)tokens);
            }

            if (responseModelId is not null)
            {
                _ = activity.SetTag(GenAITelemetry.ResponseModel, responseModelId);
            }

            if (EnableSensitiveData && response.AdditionalProperties is { } additional)
            {
                foreach (var property in additional)
                {
                    _ = activity.SetTag(property.Key, property.Value);
                }
            }
        }
    }

    private void AddMetricTags(ref TagList tags, string? requestModelId, string? responseModelId)
    {
        tags.Add(GenAITelemetry.OperationName, GenAITelemetry.EmbeddingsOperation);
        if (requestModelId is not null)
        {
            tags.Add(GenAITelemetry.RequestModel, requestModelId);
        }

        tags.Add(GenAITelemetry.ProviderName, _providerName);
        if (_serverAddress is not null)
        {
            tags.Add(GenAITelemetry.ServerAddress, _serverAddress);
            tags.Add(GenAITelemetry.ServerPort, _serverPort);
        }

        if (responseModelId is not null)
        {
            tags.Add(GenAITelemetry.ResponseModel, responseModelId);
        }
    }
}
