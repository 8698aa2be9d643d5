using System.Diagnostics;
using System.Runtime.CompilerServices;
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
            RestoreCurrent(activity);
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

                // One indexed pass per update: this runs for every token, so no LINQ enumerators.
                var contents = update.Contents;
                for (var c = 0; c < contents.Count; c++)
                {
                    switch (contents[c])
                    {
                        case UsageContent usage:
                            (totalUsage ??= new UsageDetails()).Add(usage.Details);
                            break;
                        case FunctionCallContent { InformationalOnly: false } when bufferFrom < 0:
                            bufferFrom = updates.Count - 1;
                            break;
                    }
                }

                if (bufferFrom < 0)
                {
                    yield return update;
                    RestoreCurrent(activity);
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
                    RestoreCurrent(activity);
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
                RestoreCurrent(activity);
            }

            if (outcome.Terminate)
            {
                break;
            }

            options = OptionsForNextIteration(options, response.ConversationId);
        }

        SetUsageTags(activity, totalUsage);
    }

    /// <summary>After a yield the consumer may have changed the ambient span; child spans of this request must keep ours.</summary>
    private static void RestoreCurrent(Activity? activity)
    {
        if (activity is not null)
        {
            Activity.Current = activity;
        }
    }
}
