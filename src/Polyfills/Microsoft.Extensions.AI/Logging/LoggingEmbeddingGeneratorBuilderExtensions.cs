using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="LoggingEmbeddingGenerator{TInput, TEmbedding}"/> to an <see cref="EmbeddingGeneratorBuilder{TInput, TEmbedding}"/>.</summary>
public static class LoggingEmbeddingGeneratorBuilderExtensions
{
    /// <summary>Adds request logging to the pipeline.</summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="loggerFactory">
    /// Creates the logger; resolved (required) from the build's services when null. With <see cref="NullLoggerFactory.Instance"/>
    /// nothing is added.
    /// </param>
    /// <param name="configure">Adjusts the new generator.</param>
    /// <returns>The builder.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseLogging<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder,
        ILoggerFactory? loggerFactory = null,
        Action<LoggingEmbeddingGenerator<TInput, TEmbedding>>? configure = null)
        where TEmbedding : Embedding
    {
        _ = Throw.IfNull(builder);
        return builder.Use((innerGenerator, services) =>
        {
            loggerFactory ??= services.GetRequiredService<ILoggerFactory>();
            if (loggerFactory == NullLoggerFactory.Instance)
            {
                return innerGenerator;
            }

            var generator = new LoggingEmbeddingGenerator<TInput, TEmbedding>(innerGenerator, loggerFactory.CreateLogger<LoggingEmbeddingGenerator<TInput, TEmbedding>>());
            configure?.Invoke(generator);
            return generator;
        });
    }
}
