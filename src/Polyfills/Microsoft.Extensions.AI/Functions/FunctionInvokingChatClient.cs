using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Microsoft.Extensions.AI;

/// <summary>
/// A middleware that invokes the <see cref="AIFunction"/>s a model asks for, sends their results back to the model,
/// and repeats until the model answers without function calls (or a limit is reached).
/// </summary>
/// <remarks>
/// Place it outside <see cref="OpenTelemetryChatClient"/> (<c>.UseFunctionInvocation().UseOpenTelemetry()</c>) to get
/// <c>orchestrate_tools</c> and <c>execute_tool</c> spans: the source is taken from the inner client when this client is created.
/// </remarks>
public partial class FunctionInvokingChatClient : DelegatingChatClient
{
    private static readonly AsyncLocal<FunctionInvocationContext?> CurrentContextSlot = new();

    private readonly ILogger _logger;
    private readonly ActivitySource? _activitySource;
    private int _maximumIterationsPerRequest = 40;
    private int _maximumConsecutiveErrorsPerRequest = 3;

    /// <summary>Initializes a new instance of the <see cref="FunctionInvokingChatClient"/> class.</summary>
    /// <param name="innerClient">The client that talks to the model.</param>
    /// <param name="loggerFactory">Creates the logger for invocation events; no logging when null.</param>
    /// <param name="functionInvocationServices">Services handed to functions through <see cref="AIFunctionArguments.Services"/>.</param>
    public FunctionInvokingChatClient(IChatClient innerClient, ILoggerFactory? loggerFactory = null, IServiceProvider? functionInvocationServices = null)
        : base(innerClient)
    {
        _logger = (ILogger?)loggerFactory?.CreateLogger<FunctionInvokingChatClient>() ?? NullLogger.Instance;
        _activitySource = innerClient.GetService<ActivitySource>();
        FunctionInvocationServices = functionInvocationServices;
    }

    /// <summary>Gets the services handed to invoked functions.</summary>
    protected IServiceProvider? FunctionInvocationServices { get; }

    /// <summary>Gets or sets the context of the function invocation in progress on the current async flow.</summary>
    public static FunctionInvocationContext? CurrentContext
    {
        get => CurrentContextSlot.Value;
        protected set => CurrentContextSlot.Value = value;
    }

    /// <summary>Gets or sets a value indicating whether results of failed calls include the exception message.</summary>
    /// <value>The default is <see langword="false"/>, so exception details do not reach the model.</value>
    public bool IncludeDetailedErrors { get; set; }

    /// <summary>Gets or sets a value indicating whether several calls of one response may run concurrently.</summary>
    /// <value>The default is <see langword="false"/>: calls run one after another, in the order the model gave them.</value>
    public bool AllowConcurrentInvocation { get; set; }

    /// <summary>Gets or sets the maximum number of model round trips that may invoke functions in one request.</summary>
    /// <value>The default is 40. After that many, one last request is made with the functions removed.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is less than 1.</exception>
    public int MaximumIterationsPerRequest
    {
        get => _maximumIterationsPerRequest;
        set => _maximumIterationsPerRequest = value < 1 ? throw new ArgumentOutOfRangeException(nameof(value), value, "The value must be at least 1.") : value;
    }

    /// <summary>Gets or sets how many consecutive iterations may contain a failed call before the failure is thrown.</summary>
    /// <value>The default is 3. With 0, the first failure is thrown.</value>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int MaximumConsecutiveErrorsPerRequest
    {
        get => _maximumConsecutiveErrorsPerRequest;
        set => _maximumConsecutiveErrorsPerRequest = Throw.IfLessThan(value, 0);
    }

    /// <summary>Gets or sets tools available to every request in addition to <see cref="ChatOptions.Tools"/>; they are not advertised to the model.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public IList<AITool>? AdditionalTools { get; set; }

    /// <summary>Gets or sets a value indicating whether a call to an unknown function ends the loop and is returned to the caller.</summary>
    /// <value>The default is <see langword="false"/>: the model receives a "not found" result and may try again.</value>
    public bool TerminateOnUnknownCalls { get; set; }

    /// <summary>Gets or sets a delegate that invokes functions in place of <see cref="AIFunction.InvokeAsync"/>.</summary>
    /// <value>The default is <see langword="null"/>.</value>
    public Func<FunctionInvocationContext, CancellationToken, ValueTask<object?>>? FunctionInvoker { get; set; }

    /// <inheritdoc/>
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);

        using var activity = StartOrchestrateActivity();
        var originalMessages = messages.ToList();
        var history = new List<ChatMessage>(originalMessages);
        List<ChatMessage>? responseMessages = null;
        UsageDetails? totalUsage = null;
        var consecutiveErrors = 0;
        var lastHadConversationId = false;

        var approvalOutcome = await ProcessApprovalResponsesAsync(history, options, isStreaming: false, cancellationToken);
        if (approvalOutcome.MessagesAdded is { Count: > 0 } preMessages)
        {
            responseMessages = [.. preMessages];
            consecutiveErrors = approvalOutcome.ConsecutiveErrors;
            if (approvalOutcome.Terminate)
            {
                return new ChatResponse(responseMessages);
            }
        }

        for (var iteration = 0; ; iteration++)
        {
            var lastIteration = iteration >= MaximumIterationsPerRequest;
            if (lastIteration)
            {
                LogMaximumIterationsReached(MaximumIterationsPerRequest);
                options = WithoutFunctionTools(options);
            }

            var response = await base.GetResponseAsync(history, options, cancellationToken) ??
                throw new InvalidOperationException($"The inner {nameof(IChatClient)} returned a null {nameof(ChatResponse)}.");

            MarkServerHandledCalls(response.Messages.SelectMany(m => m.Contents));
            if (HasApprovalRequiredTools(options))
            {
                response.Messages = ReplaceCallsWithApprovalRequests(response.Messages, options);
            }

            var calls = lastIteration ? [] : CollectCalls(response.Messages.SelectMany(m => m.Contents));

            if (iteration == 0 && calls.Count == 0)
            {
                if (responseMessages is not null)
                {
                    response.Messages = [.. responseMessages, .. response.Messages];
                }

                return response;
            }

            (responseMessages ??= []).AddRange(response.Messages);
            if (response.Usage is not null)
            {
                (totalUsage ??= new UsageDetails()).Add(response.Usage);
            }

            if (calls.Count == 0 || ShouldStopBeforeInvoking(calls, options))
            {
                response.Messages = responseMessages;
                response.Usage = totalUsage;
                SetUsageTags(activity, totalUsage);
                return response;
            }

            history = FixupHistory(originalMessages, history, response.Messages, response.ConversationId, responseMessages, ref lastHadConversationId);

            var outcome = await InvokeCallsAsync(history, options, calls, iteration, consecutiveErrors, isStreaming: false, cancellationToken);
            responseMessages.AddRange(outcome.MessagesAdded);
            consecutiveErrors = outcome.ConsecutiveErrors;

            if (outcome.Terminate)
            {
                response.Messages = responseMessages;
                response.Usage = totalUsage;
                SetUsageTags(activity, totalUsage);
                return response;
            }

            options = OptionsForNextIteration(options, response.ConversationId);
        }
    }

    /// <inheritdoc/>
    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        _ = Throw.IfNull(messages);
        return GetStreamingResponseCoreAsync(messages, options, cancellationToken);
    }

    private async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseCoreAsync(IEnumerable<ChatMessage> messages, ChatOptions? options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var activity = StartOrchestrateActivity();
        var originalMessages = messages.ToList();
        var history = new List<ChatMessage>(originalMessages);
        var allResponseMessages = new List<ChatMessage>();
        UsageDetails? totalUsage = null;
        var consecutiveErrors = 0;
        var lastHadConversationId = false;

        // Function results are sent to the caller as updates of one synthetic response per request.
        var toolResponseId = Guid.NewGuid().ToString("N");

        var approvalOutcome = await ProcessApprovalResponsesAsync(history, options, isStreaming: true, cancellationToken);
        consecutiveErrors = approvalOutcome.ConsecutiveErrors;
        foreach (var message in approvalOutcome.MessagesAdded ?? [])
        {
            allResponseMessages.Add(message);
            yield return ToolResultUpdate(message, options?.ConversationId, toolResponseId);
            Activity.Current = activity;
        }

        if (approvalOutcome.Terminate)
        {
            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        for (var iteration = 0; ; iteration++)
        {
            updates.Clear();
            var lastIteration = iteration >= MaximumIterationsPerRequest;
            if (lastIteration)
            {
                LogMaximumIterationsReached(MaximumIterationsPerRequest);
                options = WithoutFunctionTools(options);
            }

            // Updates pass straight through until the first function call; from there they are held back to the
            // end of the stream, so that calls the service already handled (a result with the same id follows) are recognised.
            var bufferFrom = -1;
            await foreach (var update in base.GetStreamingResponseAsync(history, options, cancellationToken))
            {
                if (update is null)
                {
                    throw new InvalidOperationException($"The inner {nameof(IChatClient)} streamed a null {nameof(ChatResponseUpdate)}.");
                }

                updates.Add(update);
                foreach (var usage in update.Contents.OfType<UsageContent>())
                {
                    (totalUsage ??= new UsageDetails()).Add(usage.Details);
                }

                if (bufferFrom < 0 && update.Contents.Any(c => c is FunctionCallContent { InformationalOnly: false }))
                {
                    bufferFrom = updates.Count - 1;
                }

                if (bufferFrom < 0)
                {
                    yield return update;
                    Activity.Current = activity;
                }
            }

            var calls = new List<FunctionCallContent>();
            if (bufferFrom >= 0)
            {
                MarkServerHandledCalls(updates.SelectMany(u => u.Contents));
                var approvalsNeeded = HasApprovalRequiredTools(options);
                for (var i = bufferFrom; i < updates.Count; i++)
                {
                    var update = approvalsNeeded ? ReplaceCallsWithApprovalRequests(updates[i], options) : updates[i];
                    yield return update;
                    Activity.Current = activity;
                }

                if (approvalsNeeded)
                {
                    break;
                }

                if (!lastIteration)
                {
                    calls = CollectCalls(updates.SelectMany(u => u.Contents));
                }
            }

            if (calls.Count == 0 || ShouldStopBeforeInvoking(calls, options))
            {
                break;
            }

            var response = updates.ToChatResponse();
            allResponseMessages.AddRange(response.Messages);
            history = FixupHistory(originalMessages, history, response.Messages, response.ConversationId, allResponseMessages, ref lastHadConversationId);

            var outcome = await InvokeCallsAsync(history, options, calls, iteration, consecutiveErrors, isStreaming: true, cancellationToken);
            consecutiveErrors = outcome.ConsecutiveErrors;
            allResponseMessages.AddRange(outcome.MessagesAdded);
            foreach (var message in outcome.MessagesAdded)
            {
                yield return ToolResultUpdate(message, response.ConversationId, toolResponseId);
                Activity.Current = activity;
            }

            if (outcome.Terminate)
            {
                break;
            }

            options = OptionsForNextIteration(options, response.ConversationId);
        }

        SetUsageTags(activity, totalUsage);
    }

    /// <summary>Creates the messages that carry function results back to the model.</summary>
    /// <param name="results">The results of the iteration, in call order.</param>
    /// <returns>The messages to add to the conversation; must not be empty.</returns>
    /// <remarks>The default is one <see cref="ChatRole.Tool"/> message holding a <see cref="FunctionResultContent"/> per result.</remarks>
    protected virtual IList<ChatMessage> CreateResponseMessages(ReadOnlySpan<FunctionInvocationResult> results)
    {
        var contents = new List<AIContent>(results.Length);
        foreach (var result in results)
        {
            contents.Add(CreateResultContent(result));
        }

        return [new ChatMessage(ChatRole.Tool, contents)];
    }

    /// <summary>Invokes the function described by <paramref name="context"/>.</summary>
    /// <param name="context">The invocation about to happen.</param>
    /// <param name="cancellationToken">The token of the request.</param>
    /// <returns>The function's result.</returns>
    /// <remarks>Uses <see cref="FunctionInvoker"/> when set, otherwise <see cref="AIFunction.InvokeAsync"/>.</remarks>
    protected virtual ValueTask<object?> InvokeFunctionAsync(FunctionInvocationContext context, CancellationToken cancellationToken)
    {
        _ = Throw.IfNull(context);
        return FunctionInvoker is { } invoker
            ? invoker(context, cancellationToken)
            : context.Function.InvokeAsync(context.Arguments, cancellationToken);
    }

    private FunctionResultContent CreateResultContent(FunctionInvocationResult result)
    {
        if (result.Status == FunctionInvocationStatus.RanToCompletion)
        {
            if (result.Result is FunctionResultContent frc && frc.CallId == result.CallContent.CallId)
            {
                return frc;
            }

            return new FunctionResultContent(result.CallContent.CallId, result.Result ?? "Success: Function completed.");
        }

        var message = result.Status switch
        {
            FunctionInvocationStatus.NotFound => $"Error: Requested function \"{result.CallContent.Name}\" not found.",
            FunctionInvocationStatus.Exception => "Error: Function failed.",
            _ => "Error: Unknown error.",
        };

        if (IncludeDetailedErrors && result.Exception is not null)
        {
            message += " Exception: " + result.Exception.Message;
        }

        return new FunctionResultContent(result.CallContent.CallId, message) { Exception = result.Exception };
    }

    private static ChatResponseUpdate ToolResultUpdate(ChatMessage message, string? conversationId, string toolResponseId) => new()
    {
        AdditionalProperties = message.AdditionalProperties,
        AuthorName = message.AuthorName,
        ConversationId = conversationId,
        CreatedAt = DateTimeOffset.UtcNow,
        Contents = message.Contents,
        RawRepresentation = message.RawRepresentation,
        ResponseId = toolResponseId,
        MessageId = toolResponseId,
        Role = message.Role,
    };

    private Activity? StartOrchestrateActivity() =>
        GenAITelemetry.IsAgentOrWorkflowSpan(Activity.Current?.DisplayName)
            ? null
            : _activitySource?.StartActivity(GenAITelemetry.OrchestrateToolsOperation, ActivityKind.Internal);

    private static void SetUsageTags(Activity? activity, UsageDetails? usage)
    {
        if (activity is null || usage is null)
        {
            return;
        }

        if (usage.InputTokenCount is { } input)
        {
            _ = activity.SetTag(GenAITelemetry.UsageInputTokens, (int)input);
        }

        if (usage.OutputTokenCount is { } output)
        {
            _ = activity.SetTag(GenAITelemetry.UsageOutputTokens, (int)output);
        }
    }

    /// <summary>The calls a response asks this client to run: function calls the service did not handle itself.</summary>
    private static List<FunctionCallContent> CollectCalls(IEnumerable<AIContent> contents) =>
        contents.OfType<FunctionCallContent>().Where(c => !c.InformationalOnly).ToList();

    /// <summary>A function call answered in the same response was run by the service; it is shown, not invoked.</summary>
    private static void MarkServerHandledCalls(IEnumerable<AIContent> contents)
    {
        var all = contents as IList<AIContent> ?? contents.ToList();
        HashSet<string>? answered = null;
        foreach (var content in all)
        {
            if (content is FunctionResultContent frc)
            {
                (answered ??= new HashSet<string>(StringComparer.Ordinal)).Add(frc.CallId);
            }
        }

        if (answered is null)
        {
            return;
        }

        foreach (var content in all)
        {
            if (content is FunctionCallContent fcc && answered.Contains(fcc.CallId))
            {
                fcc.InformationalOnly = true;
            }
        }
    }

    private bool ShouldStopBeforeInvoking(List<FunctionCallContent> calls, ChatOptions? options)
    {
        var anyTools = options?.Tools is { Count: > 0 } || AdditionalTools is { Count: > 0 };
        if (!anyTools)
        {
            return TerminateOnUnknownCalls;
        }

        foreach (var call in calls)
        {
            var tool = FindTool(call.Name, options);
            if (tool is null)
            {
                if (TerminateOnUnknownCalls)
                {
                    LogFunctionNotFound(call.Name);
                    return true;
                }
            }
            else if (tool is not AIFunction)
            {
                // A declaration the caller must fulfil: hand the call back instead of guessing a result.
                LogNonInvocableFunction(call.Name);
                return true;
            }
        }

        return false;
    }

    private AIFunctionDeclaration? FindTool(string name, ChatOptions? options)
    {
        foreach (var tools in new[] { options?.Tools, AdditionalTools })
        {
            if (tools is null)
            {
                continue;
            }

            foreach (var tool in tools)
            {
                if (tool is AIFunctionDeclaration declaration && string.Equals(declaration.Name, name, StringComparison.Ordinal))
                {
                    return declaration;
                }
            }
        }

        return null;
    }

    private static List<ChatMessage> FixupHistory(
        List<ChatMessage> originalMessages,
        List<ChatMessage> history,
        IList<ChatMessage> newResponseMessages,
        string? conversationId,
        List<ChatMessage> allResponseMessages,
        ref bool lastHadConversationId)
    {
        if (conversationId is not null)
        {
            // The service keeps the conversation: only the function results need to be sent next.
            lastHadConversationId = true;
            return [];
        }

        if (lastHadConversationId)
        {
            // The service stopped tracking the conversation: send everything again.
            lastHadConversationId = false;
            return [.. originalMessages, .. allResponseMessages];
        }

        history.AddRange(newResponseMessages);
        return history;
    }

    private static ChatOptions? WithoutFunctionTools(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 })
        {
            return options;
        }

        var copy = options.Clone();
        copy.Tools = options.Tools.Where(t => t is not AIFunctionDeclaration).ToList();
        if (copy.Tools.Count == 0)
        {
            copy.Tools = null;
            copy.ToolMode = null;
        }

        return copy;
    }

    private static ChatOptions? OptionsForNextIteration(ChatOptions? options, string? conversationId)
    {
        if (options is null)
        {
            return conversationId is null ? null : new ChatOptions { ConversationId = conversationId };
        }

        if (options.ToolMode is RequiredChatToolMode)
        {
            // A required tool call was made; forcing another one would loop forever.
            var copy = options.Clone();
            copy.ToolMode = null;
            copy.ConversationId = conversationId;
            copy.ContinuationToken = null;
            return copy;
        }

        if (!string.Equals(options.ConversationId, conversationId, StringComparison.Ordinal))
        {
            var copy = options.Clone();
            copy.ConversationId = conversationId;
            copy.ContinuationToken = null;
            return copy;
        }

        if (options.ContinuationToken is not null)
        {
            var copy = options.Clone();
            copy.ContinuationToken = null;
            return copy;
        }

        return options;
    }

    private async Task<InvocationOutcome> InvokeCallsAsync(
        List<ChatMessage> history, ChatOptions? options, List<FunctionCallContent> calls, int iteration, int consecutiveErrors, bool isStreaming, CancellationToken cancellationToken)
    {
        FunctionInvocationResult[] results;
        if (AllowConcurrentInvocation && calls.Count > 1)
        {
            results = await Task.WhenAll(calls.Select((call, index) =>
                InvokeOneAsync(history, options, call, iteration, index, calls.Count, captureExceptions: true, isStreaming, cancellationToken)));
        }
        else
        {
            var serial = new List<FunctionInvocationResult>(calls.Count);
            for (var i = 0; i < calls.Count; i++)
            {
                var result = await InvokeOneAsync(
                    history, options, calls[i], iteration, i, calls.Count, captureExceptions: consecutiveErrors < MaximumConsecutiveErrorsPerRequest, isStreaming, cancellationToken);
                serial.Add(result);
                if (result.Terminate)
                {
                    break;
                }
            }

            results = [.. serial];
        }

        // Processed calls are marked so an outer function-invoking client does not run them again.
        foreach (var call in calls)
        {
            call.InformationalOnly = true;
        }

        var added = CreateResponseMessages(results);
        if (added is null || added.Count == 0)
        {
            throw new InvalidOperationException($"{nameof(CreateResponseMessages)} returned no messages.");
        }

        history.AddRange(added);

        var errors = added.SelectMany(m => m.Contents).OfType<FunctionResultContent>()
            .Select(r => r.Exception).OfType<Exception>().ToList();
        if (errors.Count > 0)
        {
            consecutiveErrors++;
            if (consecutiveErrors > MaximumConsecutiveErrorsPerRequest)
            {
                LogMaximumConsecutiveErrorsExceeded(MaximumConsecutiveErrorsPerRequest);
                if (errors.Count == 1)
                {
                    ExceptionDispatchInfo.Capture(errors[0]).Throw();
                }

                throw new AggregateException(errors);
            }
        }
        else
        {
            consecutiveErrors = 0;
        }

        var terminate = false;
        foreach (var result in results)
        {
            if (result.Terminate)
            {
                LogFunctionRequestedTermination(result.CallContent.Name);
                terminate = true;
            }
        }

        return new InvocationOutcome(added, consecutiveErrors, terminate);
    }

    private async Task<FunctionInvocationResult> InvokeOneAsync(
        List<ChatMessage> history, ChatOptions? options, FunctionCallContent call, int iteration, int index, int count, bool captureExceptions, bool isStreaming, CancellationToken cancellationToken)
    {
        var tool = FindTool(call.Name, options);
        if (tool is not AIFunction function)
        {
            if (tool is null)
            {
                LogFunctionNotFound(call.Name);
            }
            else
            {
                LogNonInvocableFunction(call.Name);
            }

            return new FunctionInvocationResult(terminate: false, FunctionInvocationStatus.NotFound, call, result: null, exception: null);
        }

        var context = new FunctionInvocationContext
        {
            Function = function,
            Arguments = new AIFunctionArguments(call.Arguments) { Services = FunctionInvocationServices },
            Messages = history,
            Options = options,
            CallContent = call,
            Iteration = iteration,
            FunctionCallIndex = index,
            FunctionCount = count,
            IsStreaming = isStreaming,
        };

        var (source, sensitive) = ToolSpanSource();
        using var activity = source?.StartActivity(GenAITelemetry.ExecuteToolOperation + " " + function.Name, ActivityKind.Internal);
        if (activity is { IsAllDataRequested: true })
        {
            _ = activity
                .SetTag(GenAITelemetry.OperationName, GenAITelemetry.ExecuteToolOperation)
                .SetTag(GenAITelemetry.ToolType, "function")
                .SetTag(GenAITelemetry.ToolCallId, call.CallId)
                .SetTag(GenAITelemetry.ToolName, function.Name)
                .SetTag(GenAITelemetry.ToolDescription, function.Description);
            if (sensitive)
            {
                _ = activity.SetTag(GenAITelemetry.ToolCallArguments, Serialize(call.Arguments));
            }
        }

        var started = Stopwatch.GetTimestamp();
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogInvokingSensitive(function.Name, Serialize(call.Arguments));
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogInvoking(function.Name);
        }

        object? result;
        CurrentContext = context;
        try
        {
            result = await InvokeFunctionAsync(context, cancellationToken);
        }
        catch (Exception ex) when (captureExceptions && !cancellationToken.IsCancellationRequested)
        {
            MarkFailed(activity, ex);
            LogInvocationFailed(function.Name, ex);
            return new FunctionInvocationResult(context.Terminate, FunctionInvocationStatus.Exception, call, result: null, ex);
        }
        catch (Exception ex)
        {
            MarkFailed(activity, ex);
            if (ex is OperationCanceledException)
            {
                LogInvocationCanceled(function.Name);
            }
            else
            {
                LogInvocationFailed(function.Name, ex);
            }

            throw;
        }
        finally
        {
            CurrentContext = null;
        }

        var duration = Stopwatch.GetElapsedTime(started);
        if (_logger.IsEnabled(LogLevel.Trace))
        {
            LogInvocationCompletedSensitive(function.Name, duration, Serialize(result));
        }
        else if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogInvocationCompleted(function.Name, duration);
        }

        if (activity is { IsAllDataRequested: true } && sensitive)
        {
            _ = activity.SetTag(GenAITelemetry.ToolCallResult, Serialize(result));
        }

        return new FunctionInvocationResult(context.Terminate, FunctionInvocationStatus.RanToCompletion, call, result, exception: null);
    }

    /// <summary>Where tool spans go: an enclosing agent span's source, else the telemetry client below this one.</summary>
    private (ActivitySource? Source, bool Sensitive) ToolSpanSource()
    {
        if (Activity.Current is { } current && GenAITelemetry.IsAgentOrWorkflowSpan(current.DisplayName))
        {
            return (current.Source, current.GetCustomProperty(GenAITelemetry.SensitiveDataProperty) as string == "true");
        }

        return (_activitySource, InnerClient.GetService<OpenTelemetryChatClient>()?.EnableSensitiveData is true);
    }

    private static void MarkFailed(Activity? activity, Exception ex)
    {
        if (activity is not null)
        {
            _ = activity.SetTag(GenAITelemetry.ErrorType, ex.GetType().FullName)
                .SetStatus(ActivityStatusCode.Error, ex.Message);
        }
    }

    private static string Serialize(object? value)
    {
        try
        {
            return value is null ? "null" : JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "{}";
        }
    }

    private readonly record struct InvocationOutcome(IList<ChatMessage> MessagesAdded, int ConsecutiveErrors, bool Terminate);
}
