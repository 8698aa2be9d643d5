using System.Diagnostics.Metrics;

namespace Microsoft.Extensions.AI;

/// <summary>Names from the OpenTelemetry GenAI semantic conventions (v1.41) used by the telemetry middleware.</summary>
internal static class GenAITelemetry
{
    public const string DefaultSourceName = "Experimental.Microsoft.Extensions.AI";

    /// <summary>Custom span property through which a surrounding span tells tool spans to include payloads.</summary>
    public const string SensitiveDataProperty = "__EnableSensitiveData__";

    public const string SecondsUnit = "s";
    public const string TokensUnit = "{token}";

    public const string ErrorType = "error.type";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";

    public const string OperationName = "gen_ai.operation.name";
    public const string ProviderName = "gen_ai.provider.name";
    public const string ConversationId = "gen_ai.conversation.id";
    public const string OutputType = "gen_ai.output.type";
    public const string SystemInstructions = "gen_ai.system_instructions";
    public const string InputMessages = "gen_ai.input.messages";
    public const string OutputMessages = "gen_ai.output.messages";
    public const string ToolDefinitions = "gen_ai.tool.definitions";
    public const string EmbeddingsDimensionCount = "gen_ai.embeddings.dimension.count";

    public const string RequestModel = "gen_ai.request.model";
    public const string RequestStream = "gen_ai.request.stream";
    public const string RequestFrequencyPenalty = "gen_ai.request.frequency_penalty";
    public const string RequestMaxTokens = "gen_ai.request.max_tokens";
    public const string RequestPresencePenalty = "gen_ai.request.presence_penalty";
    public const string RequestSeed = "gen_ai.request.seed";
    public const string RequestStopSequences = "gen_ai.request.stop_sequences";
    public const string RequestTemperature = "gen_ai.request.temperature";
    public const string RequestTopK = "gen_ai.request.top_k";
    public const string RequestTopP = "gen_ai.request.top_p";

    public const string ResponseFinishReasons = "gen_ai.response.finish_reasons";
    public const string ResponseId = "gen_ai.response.id";
    public const string ResponseModel = "gen_ai.response.model";
    public const string ResponseTimeToFirstChunk = "gen_ai.response.time_to_first_chunk";

    public const string UsageInputTokens = "gen_ai.usage.input_tokens";
    public const string UsageOutputTokens = "gen_ai.usage.output_tokens";
    public const string UsageCacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
    public const string UsageReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";

    public const string TokenType = "gen_ai.token.type";

    public const string ToolType = "gen_ai.tool.type";
    public const string ToolName = "gen_ai.tool.name";
    public const string ToolDescription = "gen_ai.tool.description";
    public const string ToolCallId = "gen_ai.tool.call.id";
    public const string ToolCallArguments = "gen_ai.tool.call.arguments";
    public const string ToolCallResult = "gen_ai.tool.call.result";

    public const string ChatOperation = "chat";
    public const string EmbeddingsOperation = "embeddings";
    public const string ExecuteToolOperation = "execute_tool";
    public const string OrchestrateToolsOperation = "orchestrate_tools";
    public const string InvokeAgentOperation = "invoke_agent";
    public const string InvokeWorkflowOperation = "invoke_workflow";

    public const string OperationDurationMetric = "gen_ai.client.operation.duration";
    public const string OperationDurationDescription = "Measures the duration of a GenAI operation";
    public const string TokenUsageMetric = "gen_ai.client.token.usage";
    public const string TokenUsageDescription = "Measures number of input and output tokens used";
    public const string TimeToFirstChunkMetric = "gen_ai.client.operation.time_to_first_chunk";
    public const string TimeToFirstChunkDescription = "Measures the time to receive the first chunk in a streaming operation";
    public const string TimePerOutputChunkMetric = "gen_ai.client.operation.time_per_output_chunk";
    public const string TimePerOutputChunkDescription = "Measures the time per output chunk in a streaming operation";

    public static readonly double[] SecondsBuckets = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];

    public static readonly int[] TokenBuckets = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

    /// <summary>Creates the <c>gen_ai.client.operation.duration</c> histogram every GenAI client records.</summary>
    public static Histogram<double> CreateOperationDuration(Meter meter) =>
        CreateSecondsHistogram(meter, OperationDurationMetric, OperationDurationDescription);

    /// <summary>Creates the <c>gen_ai.client.token.usage</c> histogram every GenAI client records.</summary>
    public static Histogram<int> CreateTokenUsage(Meter meter) =>
        meter.CreateHistogram(
            TokenUsageMetric, TokensUnit, TokenUsageDescription,
            tags: null, advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = TokenBuckets });

    /// <summary>Creates a histogram of seconds with the GenAI bucket boundaries.</summary>
    public static Histogram<double> CreateSecondsHistogram(Meter meter, string name, string description) =>
        meter.CreateHistogram(
            name, SecondsUnit, description,
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });

    /// <summary>The default for <c>EnableSensitiveData</c>: the standard GenAI content-capture environment variable.</summary>
    public static bool SensitiveDataFromEnvironment() =>
        string.Equals(Environment.GetEnvironmentVariable("OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="displayName"/> names an agent or workflow span that owns tool spans itself.</summary>
    public static bool IsAgentOrWorkflowSpan(string? displayName) =>
        displayName is not null &&
        (HasOperationPrefix(displayName, InvokeAgentOperation) || HasOperationPrefix(displayName, InvokeWorkflowOperation));

    private static bool HasOperationPrefix(string displayName, string operation) =>
        displayName.StartsWith(operation, StringComparison.Ordinal) &&
        (displayName.Length == operation.Length || displayName[operation.Length] == ' ');
}
