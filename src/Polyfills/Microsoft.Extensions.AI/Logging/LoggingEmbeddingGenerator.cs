using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that logs every embedding request: start, completion, cancellation and failure at Debug/Error, and the
/// input values and options only at Trace.
/// </summary>
/// <typeparam name="TInput">The type of the values embedded.</typeparam>
/// <typeparam name="TEmbedding">The type of the embeddings produced.</typeparam>
public class LoggingEmbeddingGenerator<TInput, TEmbedding> : DelegatingEmbeddingGenerator<TInput, TEmbedding>
    where TEmbedding : Embedding
{
    private readonly ILogger _logger;
    private JsonSerializerOptions _jsonSerializerOptions = AIJsonUtilities.DefaultOptions;

    /// <summary>Initializes a new instance of the <see cref="LoggingEmbeddingGenerator{TInput, TEmbedding}"/> class.</summary>
    /// <param name="innerGenerator">The generator whose requests are logged.</param>
    /// <param name="logger">The logger to write to.</param>
    public LoggingEmbeddingGenerator(IEmbeddingGenerator<TInput, TEmbedding> innerGenerator, ILogger logger)
        : base(innerGenerator)
    {
        _logger = Throw.IfNull(logger);
    }

    /// <summary>Gets or sets the options used to serialize payloads logged at Trace.</summary>
    /// <value>The default is <see cref="AIJsonUtilities.DefaultOptions"/>.</value>
    public JsonSerializerOptions JsonSerializerOptions
    {
        get => _jsonSerializerOptions;
        set => _jsonSerializerOptions = Throw.IfNull(value);
    }

    /// <inheritdoc/>
    public override async Task<GeneratedEmbeddings<TEmbedding>> GenerateAsync(IEnumerable<TInput> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            EmbeddingLog.InvokedSensitive(
                _logger,
                LoggingJson.Serialize(values, _jsonSerializerOptions),
                LoggingJson.Serialize(options, _jsonSerializerOptions),
                LoggingJson.Serialize(this.GetService<EmbeddingGeneratorMetadata>(), _jsonSerializerOptions));
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            EmbeddingLog.Invoked(_logger);
        }

        try
        {
            var embeddings = await base.GenerateAsync(values, options, cancellationToken);
            EmbeddingLog.Completed(_logger, embeddings.Count);
            return embeddings;
        }
        catch (OperationCanceledException)
        {
            EmbeddingLog.Canceled(_logger);
            throw;
        }
        catch (Exception ex)
        {
            EmbeddingLog.Failed(_logger, ex);
            throw;
        }
    }
}
