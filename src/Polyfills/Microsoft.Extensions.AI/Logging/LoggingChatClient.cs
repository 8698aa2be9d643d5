using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that logs every chat request: start, completion, cancellation and failure at Debug/Error, and the
/// messages, options and responses only at Trace (they may hold personal data).
/// </summary>
public partial class LoggingChatClient : DelegatingChatClient
{
    private const string GetResponseMethod = nameof(GetResponseAsync);
    private const string GetStreamingResponseMethod = nameof(GetStreamingResponseAsync);

    private readonly ILogger _logger;
    private JsonSerializerOptions _jsonSerializerOptions = AIJsonUtilities.DefaultOptions;

    /// <summary>Initializes a new instance of the <see cref="LoggingChatClient"/> class.</summary>
    /// <param name="innerClient">The client whose requests are logged.</param>
    /// <param name="logger">The logger to write to.</param>
    public LoggingChatClient(IChatClient innerClient, ILogger logger)
        : base(innerClient)
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
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LogStart(GetResponseMethod, messages, options);
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            if (_logger.IsEnabled(LogLevel.Trace))
            {
                LogCompletedSensitive(GetResponseMethod, LoggingJson.Serialize(response, _jsonSerializerOptions));
            }
            else if (_logger.IsEnabled(LogLevel.Debug))
            {
                LogCompleted(GetResponseMethod);
            }

            return response;
        }
        catch (OperationCanceledException)
        {
            LogCanceled(GetResponseMethod);
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(GetResponseMethod, ex);
            throw;
        }
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        LogStart(GetStreamingResponseMethod, messages, options);
        return GetStreamingResponseCoreAsync(messages, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ChatResponseUpdate> enumerator;
        try
        {
            enumerator = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            LogCanceled(GetStreamingResponseMethod);
            throw;
        }
        catch (Exception ex)
        {
            LogFailed(GetStreamingResponseMethod, ex);
            throw;
        }

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
                catch (OperationCanceledException)
                {
                    LogCanceled(GetStreamingResponseMethod);
                    throw;
                }
                catch (Exception ex)
                {
                    LogFailed(GetStreamingResponseMethod, ex);
                    throw;
                }

                if (_logger.IsEnabled(LogLevel.Trace))
                {
                    LogStreamingUpdateSensitive(LoggingJson.Serialize(update, _jsonSerializerOptions));
                }

                yield return update;
            }

            LogCompleted(GetStreamingResponseMethod);
        }
        finally
        {
            await enumerator.DisposeAsync();
        }
    }

    private void LogStart(string methodName, IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogInvokedSensitive(
                methodName,
                LoggingJson.Serialize(messages, _jsonSerializerOptions),
                LoggingJson.Serialize(options, _jsonSerializerOptions),
                LoggingJson.Serialize(this.GetService<ChatClientMetadata>(), _jsonSerializerOptions));
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogInvoked(methodName);
        }
    }

    [LoggerMessage(LogLevel.Debug, "{MethodName} invoked.", SkipEnabledCheck = true)]
    private partial void LogInvoked(string methodName);

    [LoggerMessage(LogLevel.Trace, "{MethodName} invoked: {Messages}. Options: {ChatOptions}. Metadata: {ChatClientMetadata}.", SkipEnabledCheck = true)]
    private partial void LogInvokedSensitive(string methodName, string messages, string chatOptions, string chatClientMetadata);

    [LoggerMessage(LogLevel.Debug, "{MethodName} completed.")]
    private partial void LogCompleted(string methodName);

    [LoggerMessage(LogLevel.Trace, "{MethodName} completed: {ChatResponse}.", SkipEnabledCheck = true)]
    private partial void LogCompletedSensitive(string methodName, string chatResponse);

    [LoggerMessage(LogLevel.Trace, "GetStreamingResponseAsync received update: {ChatResponseUpdate}", SkipEnabledCheck = true)]
    private partial void LogStreamingUpdateSensitive(string chatResponseUpdate);

    [LoggerMessage(LogLevel.Debug, "{MethodName} canceled.")]
    private partial void LogCanceled(string methodName);

    [LoggerMessage(LogLevel.Error, "{MethodName} failed.")]
    private partial void LogFailed(string methodName, Exception error);
}
