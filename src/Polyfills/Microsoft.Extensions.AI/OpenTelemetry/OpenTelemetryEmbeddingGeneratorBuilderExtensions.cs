using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="OpenTelemetryEmbeddingGenerator{TInput, TEmbedding}"/> to an <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>.</summary>
public static class OpenTelemetryEmbeddingGeneratorBuilderExtensions
{
    /// <summary>Adds OpenTelemetry spans and metrics (GenAI semantic conventions) to the pipeline.</summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">Creates the logger for failed requests; resolved from the build's services when null.</param>
    /// <param name="sourceName">The activity source and meter name; <c>Experimental.Microsoft.Extensions.AI</c> when null.</param>
    /// <param name="configure">Adjusts the new generator.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseOpenTelemetry<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder,
        ILoggerFactory? loggerFactory = null,
        string? sourceName = null,
        Action<OpenTelemetryEmbeddingGenerator<TInput, TEmbedding>>? configure = null)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerGenerator, services) =>
        {
            loggerFactory ??= services.GetService<ILoggerFactory>();
            var generator = new OpenTelemetryEmbeddingGenerator<TInput, TEmbedding>(
                innerGenerator, loggerFactory?.CreateLogger(typeof(OpenTelemetryEmbeddingGenerator<TInput, TEmbedding>)), sourceName);
            configure?.Invoke(generator);
            return generator;
        });
    }
}
