using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Log messages of <see cref="LoggingEmbeddingGenerator{TInput, TEmbedding}"/> (a generic type cannot host them).</summary>
internal static partial class EmbeddingLog
{
    [LoggerMessage(LogLevel.Debug, "GenerateAsync invoked.", SkipEnabledCheck = true)]
    public static partial void Invoked(ILogger logger);

    [LoggerMessage(LogLevel.Trace, "GenerateAsync invoked: {Values}. Options: {EmbeddingGenerationOptions}. Metadata: {EmbeddingGeneratorMetadata}.", SkipEnabledCheck = true)]
    public static partial void InvokedSensitive(ILogger logger, string values, string embeddingGenerationOptions, string embeddingGeneratorMetadata);

    [LoggerMessage(LogLevel.Debug, "GenerateAsync generated {EmbeddingsCount} embedding(s).")]
    public static partial void Completed(ILogger logger, int embeddingsCount);

    [LoggerMessage(LogLevel.Debug, "GenerateAsync canceled.")]
    public static partial void Canceled(ILogger logger);

    [LoggerMessage(LogLevel.Error, "GenerateAsync failed.")]
    public static partial void Failed(ILogger logger, Exception error);
}
