using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that records a span and metrics for every chat request, following the OpenTelemetry GenAI
/// semantic conventions (v1.41; the conventions are experimental, so names may still change).
/// </summary>
/// <remarks>
/// Message contents, instructions, tool parameters and additional properties are recorded only when
/// <see cref="EnableSensitiveData"/> is set.
/// </remarks>
public sealed partial class OpenTelemetryChatClient : DelegatingChatClient
{
    private readonly ActivitySource _activitySource;
    private readonly Meter _meter;
    private readonly Histogram<double> _operationDuration;
    private readonly Histogram<int> _tokenUsage;
    private readonly Histogram<double> _timeToFirstChunk;
    private readonly Histogram<double> _timePerOutputChunk;
    private readonly ILogger? _logger;
    private readonly string? _defaultModelId;
    private readonly string? _providerName;
    private readonly string? _serverAddress;
    private readonly int _serverPort;
    private JsonSerializerOptions _jsonSerializerOptions = AIJsonUtilities.DefaultOptions;

    /// <summary>Initializes a new instance of the <see cref="OpenTelemetryChatClient"/> class.</summary>
    /// <param name="innerClient">The client whose requests are traced.</param>
    /// <param name="logger">Receives a warning for every failed request; none when null.</param>
    /// <param name="sourceName">The name of the activity source and meter; <c>Experimental.Microsoft.Extensions.AI</c> when null or empty.</param>
    public OpenTelemetryChatClient(IChatClient innerClient, ILogger? logger = null, string? sourceName = null)
        : base(innerClient)
    {
        _logger = logger;

        if (innerClient.GetService<ChatClientMetadata>() is { } metadata)
        {
            _defaultModelId = metadata.DefaultModelId;
            _providerName = metadata.ProviderName;
            _serverAddress = metadata.ProviderUri?.Host;
            _serverPort = metadata.ProviderUri?.Port ?? 0;
        }

        var name = string.IsNullOrEmpty(sourceName) ? GenAITelemetry.DefaultSourceName : sourceName;
        _activitySource = new ActivitySource(name);
        _meter = new Meter(name);
        _operationDuration = GenAITelemetry.CreateOperationDuration(_meter);
        _tokenUsage = GenAITelemetry.CreateTokenUsage(_meter);
        _timeToFirstChunk = GenAITelemetry.CreateSecondsHistogram(
            _meter, GenAITelemetry.TimeToFirstChunkMetric, GenAITelemetry.TimeToFirstChunkDescription);
        _timePerOutputChunk = GenAITelemetry.CreateSecondsHistogram(
            _meter, GenAITelemetry.TimePerOutputChunkMetric, GenAITelemetry.TimePerOutputChunkDescription);
    }

    /// <summary>Gets or sets the options used to serialize message contents and tool arguments into span attributes.</summary>
    /// <value>The default is <see cref="AIJsonUtilities.DefaultOptions"/>. The instance is made read-only on the first request.</value>
    public JsonSerializerOptions JsonSerializerOptions
    {
        get => _jsonSerializerOptions;
        set => _jsonSerializerOptions = Throw.IfNull(value);
    }

    /// <summary>Gets or sets a value indicating whether message contents and other potentially sensitive data are recorded.</summary>
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
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        _jsonSerializerOptions.MakeReadOnly();

        using var activity = StartActivity(messages, options, streaming: false);
        var started = Stopwatch.GetTimestamp();
        var requestModelId = options?.ModelId ?? _defaultModelId;

        ChatResponse? response = null;
        Exception? error = null;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
            return response;
        }
        catch (Exception ex)
        {
            error = ex;
            throw;
        }
        finally
        {
            Complete(activity, requestModelId, response, error, started, timeToFirstChunk: null);
        }
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        return new ObservedStream(this, messages, options, cancellationToken);
    }

    /// <summary>Whether anything would observe a request started now: a span listener, an enabled instrument or a logger.</summary>
    private bool IsObserved() =>
        _logger is not null || _activitySource.HasListeners() || _operationDuration.Enabled || _tokenUsage.Enabled
        || _timeToFirstChunk.Enabled || _timePerOutputChunk.Enabled;

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        _jsonSerializerOptions.MakeReadOnly();

        using var activity = StartActivity(messages, options, streaming: true);
        var started = Stopwatch.GetTimestamp();
        var requestModelId = options?.ModelId ?? _defaultModelId;

        IAsyncEnumerable<ChatResponseUpdate> updates;
        try
        {
            updates = base.GetStreamingResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex)
        {
            Complete(activity, requestModelId, response: null, ex, started, timeToFirstChunk: null);
            throw;
        }

        // Without a span or a token-usage listener nobody reads the aggregated response, so the updates are not kept;
        // without a span or a chunk-timing listener the clock is not read per update.
        var received = activity is not null || _tokenUsage.Enabled ? new List<ChatResponseUpdate>() : null;
        var timeChunks = activity is not null || _timeToFirstChunk.Enabled || _timePerOutputChunk.Enabled;
        var enumerator = updates.GetAsyncEnumerator(cancellationToken);
        Exception? error = null;
        double? timeToFirstChunk = null;
        var lastChunk = started;
        string? responseModelId = null;
        string? lastModelId = null;
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }

                    update = enumerator.Current;
                }
                catch (Exception ex)
                {
                    error = ex;
                    throw;
                }

                if (update.ModelId is { } modelId)
                {
                    responseModelId ??= modelId;
                    lastModelId = modelId;
                }

                if (timeChunks)
                {
                    var now = Stopwatch.GetTimestamp();
                    var delta = Stopwatch.GetElapsedTime(lastChunk, now).TotalSeconds;
                    lastChunk = now;
                    if (timeToFirstChunk is null)
                    {
                        timeToFirstChunk = delta;
                        RecordChunk(_timeToFirstChunk, delta, requestModelId, responseModelId);
                    }
                    else
                    {
                        RecordChunk(_timePerOutputChunk, delta, requestModelId, responseModelId);
                    }
                }

                received?.Add(update);
                yield return update;
                RestoreCurrent(activity);
            }
        }
        finally
        {
            Complete(activity, requestModelId, received?.ToChatResponse(), error, started, timeToFirstChunk, lastModelId);
            await enumerator.DisposeAsync();
        }
    }

    /// <summary>
    /// Decides when enumeration starts (where the span would be started) whether the stream is observed at all. When
    /// nothing listens, the inner stream is enumerated directly, so an unobserved client costs nothing per update;
    /// otherwise the instrumented stream runs. A listener attached mid-stream is picked up by the next request.
    /// </summary>
    private sealed class ObservedStream(OpenTelemetryChatClient owner, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
        : IAsyncEnumerable<ChatResponseUpdate>
    {
        public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken enumeratorToken = default) =>
            new Enumerator(owner, messages, options, cancellationToken, enumeratorToken);

        private sealed class Enumerator(
            OpenTelemetryChatClient owner, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken callToken, CancellationToken enumeratorToken)
            : IAsyncEnumerator<ChatResponseUpdate>
        {
            private IAsyncEnumerator<ChatResponseUpdate>? _inner;

            public ChatResponseUpdate Current => _inner is { } inner ? inner.Current : default!;

            public ValueTask<bool> MoveNextAsync() => (_inner ??= Open()).MoveNextAsync();

            public ValueTask DisposeAsync() => _inner is { } inner ? inner.DisposeAsync() : default;

            private IAsyncEnumerator<ChatResponseUpdate> Open()
            {
                if (owner.IsObserved())
                {
                    return owner.GetStreamingResponseCoreAsync(messages, options, callToken).GetAsyncEnumerator(enumeratorToken);
                }

                owner._jsonSerializerOptions.MakeReadOnly();
                return owner.InnerClient.GetStreamingResponseAsync(messages, options, callToken).GetAsyncEnumerator(enumeratorToken);
            }
        }
    }

    private void RecordChunk(Histogram<double> histogram, double seconds, string? requestModelId, string? responseModelId)
    {
        if (histogram.Enabled)
        {
            var tags = default(TagList);
            AddMetricTags(ref tags, GenAITelemetry.ChatOperation, requestModelId, responseModelId);
            histogram.Record(seconds, tags);
        }
    }

    private Activity? StartActivity(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        if (!_activitySource.HasListeners())
        {
            return null;
        }

        var modelId = options?.ModelId ?? _defaultModelId;
        var activity = _activitySource.StartActivity(
            string.IsNullOrWhiteSpace(modelId) ? GenAITelemetry.ChatOperation : $"{GenAITelemetry.ChatOperation} {modelId}",
            ActivityKind.Client,
            parentContext: default,
            tags:
            [
                new(GenAITelemetry.OperationName, GenAITelemetry.ChatOperation),
                new(GenAITelemetry.RequestModel, modelId),
                new(GenAITelemetry.ProviderName, _providerName),
            ]);

        if (activity is null)
        {
            return null;
        }

        if (EnableSensitiveData)
        {
            activity.SetCustomProperty(GenAITelemetry.SensitiveDataProperty, "true");
        }

        if (!activity.IsAllDataRequested)
        {
            return activity;
        }

        if (streaming)
        {
            _ = activity.SetTag(GenAITelemetry.RequestStream, true);
        }

        if (_serverAddress is not null)
        {
            _ = activity.SetTag(GenAITelemetry.ServerAddress, _serverAddress).SetTag(GenAITelemetry.ServerPort, _serverPort);
        }

        if (options is not null)
        {
            SetRequestTags(activity, options);
        }

        if (EnableSensitiveData)
        {
            if (options?.Instructions is { } instructions)
            {
                _ = activity.SetTag(GenAITelemetry.SystemInstructions, GenAIMessageSerializer.SerializeInstructions(instructions));
            }

            _ = activity.SetTag(GenAITelemetry.InputMessages, GenAIMessageSerializer.SerializeMessages(messages, finishReason: null, _jsonSerializerOptions));
        }

        return activity;
    }

    private void SetRequestTags(Activity activity, ChatOptions options)
    {
        if (options.ConversationId is { } conversationId)
        {
            _ = activity.SetTag(GenAITelemetry.ConversationId, conversationId);
        }

        if (options.FrequencyPenalty is { } frequencyPenalty)
        {
            _ = activity.SetTag(GenAITelemetry.RequestFrequencyPenalty, frequencyPenalty);
        }

        if (options.MaxOutputTokens is { } maxTokens)
        {
            _ = activity.SetTag(GenAITelemetry.RequestMaxTokens, maxTokens);
        }

        if (options.PresencePenalty is { } presencePenalty)
        {
            _ = activity.SetTag(GenAITelemetry.RequestPresencePenalty, presencePenalty);
        }

        if (options.Seed is { } seed)
        {
            _ = activity.SetTag(GenAITelemetry.RequestSeed, seed);
        }

        if (options.StopSequences is { Count: > 0 } stopSequences)
        {
            _ = activity.SetTag(GenAITelemetry.RequestStopSequences, $"[{string.Join(", ", stopSequences.Select(s => "\"" + s + "\""))}]");
        }

        if (options.Temperature is { } temperature)
        {
            _ = activity.SetTag(GenAITelemetry.RequestTemperature, temperature);
        }

        if (options.TopK is { } topK)
        {
            _ = activity.SetTag(GenAITelemetry.RequestTopK, topK);
        }

        if (options.TopP is { } topP)
        {
            _ = activity.SetTag(GenAITelemetry.RequestTopP, topP);
        }

        if (options.ResponseFormat is ChatResponseFormatText)
        {
            _ = activity.SetTag(GenAITelemetry.OutputType, "text");
        }
        else if (options.ResponseFormat is ChatResponseFormatJson)
        {
            _ = activity.SetTag(GenAITelemetry.OutputType, "json");
        }

        if (options.Tools is { Count: > 0 } tools)
        {
            _ = activity.SetTag(GenAITelemetry.ToolDefinitions, GenAIMessageSerializer.SerializeToolDefinitions(tools, EnableSensitiveData));
        }

        if (EnableSensitiveData && options.AdditionalProperties is { } additional)
        {
            foreach (var property in additional)
            {
                _ = activity.SetTag(property.Key, property.Value);
            }
        }
    }

    private void Complete(
        Activity? activity, string? requestModelId, ChatResponse? response, Exception? error, long started, double? timeToFirstChunk, string? responseModelId = null)
    {
        if (_operationDuration.Enabled)
        {
            var tags = default(TagList);
            AddMetricTags(ref tags, GenAITelemetry.ChatOperation, requestModelId, response is null ? responseModelId : response.ModelId);
            if (error is not null)
            {
                tags.Add(GenAITelemetry.ErrorType, error.GetType().FullName);
            }

            _operationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tags);
        }

        if (_tokenUsage.Enabled && response?.Usage is { } usage)
        {
            RecordTokens(usage.InputTokenCount, "input", requestModelId, response.ModelId);
            RecordTokens(usage.OutputTokenCount, "output", requestModelId, response.ModelId);
        }

        if (error is not null)
        {
            _ = activity?.SetTag(GenAITelemetry.ErrorType, error.GetType().FullName).SetStatus(ActivityStatusCode.Error, error.Message);
            if (_logger is not null)
            {
                LogOperationException(_logger, error);
            }
        }

        if (response is not null && activity is { IsAllDataRequested: true })
        {
            SetResponseTags(activity, response, timeToFirstChunk);
        }
    }

    private void RecordTokens(long? count, string tokenType, string? requestModelId, string? responseModelId)
    {
        if (count is not { } value)
        {
            return;
        }

        var tags = default(TagList);
        tags.Add(GenAITelemetry.TokenType, tokenType);
        AddMetricTags(ref tags, GenAITelemetry.ChatOperation, requestModelId, responseModelId);
        _tokenUsage.Record((int)value, tags);
    }

    private void SetResponseTags(Activity activity, ChatResponse response, double? timeToFirstChunk)
    {
        if (EnableSensitiveData)
        {
            _ = activity.SetTag(GenAITelemetry.OutputMessages, GenAIMessageSerializer.SerializeMessages(response.Messages, response.FinishReason, _jsonSerializerOptions));
        }

        if (response.FinishReason is { } finishReason)
        {
            _ = activity.SetTag(GenAITelemetry.ResponseFinishReasons, $"[\"{finishReason.Value.ToLowerInvariant()}\"]");
        }

        if (!string.IsNullOrWhiteSpace(response.ResponseId))
        {
            _ = activity.SetTag(GenAITelemetry.ResponseId, response.ResponseId);
        }

        if (response.ModelId is { } modelId)
        {
            _ = activity.SetTag(GenAITelemetry.ResponseModel, modelId);
        }

        if (timeToFirstChunk is { } seconds)
        {
            _ = activity.SetTag(GenAITelemetry.ResponseTimeToFirstChunk, seconds);
        }

        if (response.Usage is { } usage)
        {
            SetUsageTag(activity, GenAITelemetry.UsageInputTokens, usage.InputTokenCount);
            SetUsageTag(activity, GenAITelemetry.UsageOutputTokens, usage.OutputTokenCount);
            SetUsageTag(activity, GenAITelemetry.UsageCacheReadInputTokens, usage.CachedInputTokenCount);
            SetUsageTag(activity, GenAITelemetry.UsageReasoningOutputTokens, usage.ReasoningTokenCount);
        }

        if (EnableSensitiveData && response.AdditionalProperties is { } additional)
        {
            foreach (var property in additional)
            {
                _ = activity.SetTag(property.Key, property.Value);
            }
        }
    }

    private static void SetUsageTag(Activity activity, string key, long? value)
    {
        if (value is { } count)
        {
            _ = activity.SetTag(key, (int)count);
        }
    }

    private void AddMetricTags(ref TagList tags, string operation, string? requestModelId, string? responseModelId)
    {
        tags.Add(GenAITelemetry.OperationName, operation);
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

    [LoggerMessage(EventId = 1, EventName = "gen_ai.client.operation.exception", Level = LogLevel.Warning, Message = "gen_ai.client.operation.exception")]
    private static partial void LogOperationException(ILogger logger, Exception error);

    /// <summary>After a yield the consumer may have changed the ambient span; child spans of this request must keep ours.</summary>
    private static void RestoreCurrent(Activity? activity)
    {
        if (activity is not null)
        {
            Activity.Current = activity;
        }
    }
}
