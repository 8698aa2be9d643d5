using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Log messages of <see cref="OpenTelemetryEmbeddingGenerator{TInput, TEmbedding}"/> (a generic type cannot host them).</summary>
internal static partial class EmbeddingTelemetryLog
{
    [LoggerMessage(EventId = 1, EventName = "gen_ai.client.operation.exception", Level = LogLevel.Warning, Message = "gen_ai.client.operation.exception")]
    public static partial void OperationException(ILogger logger, Exception error);
}
