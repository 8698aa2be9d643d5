namespace Microsoft.Extensions.AI;

/// <summary>Describes one function invocation made by <see cref="FunctionInvokingChatClient"/>.</summary>
public class FunctionInvocationContext
{
    // Stands in for Function until the invoking client sets it, so the property is never null.
    private static readonly AIFunction NopFunction = AIFunctionFactory.Create(() => { }, nameof(FunctionInvocationContext));

    private AIFunction _function = NopFunction;
    private AIFunctionArguments? _arguments;
    private FunctionCallContent? _callContent;
    private IList<ChatMessage> _messages = Array.Empty<ChatMessage>();

    /// <summary>Gets or sets the function being invoked.</summary>
    public AIFunction Function
    {
        get => _function;
        set => _function = Throw.IfNull(value);
    }

    /// <summary>Gets or sets the arguments passed to the function.</summary>
    public AIFunctionArguments Arguments
    {
        get => _arguments ??= [];
        set => _arguments = Throw.IfNull(value);
    }

    /// <summary>Gets or sets the function call the model requested.</summary>
    public FunctionCallContent CallContent
    {
        get => _callContent ??= new FunctionCallContent(string.Empty, NopFunction.Name, new Dictionary<string, object?>());
        set => _callContent = Throw.IfNull(value);
    }

    /// <summary>Gets or sets the conversation so far, including the message holding the function call.</summary>
    public IList<ChatMessage> Messages
    {
        get => _messages;
        set => _messages = Throw.IfNull(value);
    }

    /// <summary>Gets or sets the options of the request that produced the function call.</summary>
    public ChatOptions? Options { get; set; }

    /// <summary>Gets or sets the zero-based iteration of the function-invocation loop.</summary>
    public int Iteration { get; set; }

    /// <summary>Gets or sets the zero-based index of this call among the calls of the current iteration.</summary>
    public int FunctionCallIndex { get; set; }

    /// <summary>Gets or sets the number of calls requested in the current iteration.</summary>
    public int FunctionCount { get; set; }

    /// <summary>Gets or sets a value indicating whether the loop stops after the current iteration's results.</summary>
    /// <remarks>Set it from inside a function to return its result to the caller without another model round trip.</remarks>
    public bool Terminate { get; set; }

    /// <summary>Gets or sets a value indicating whether the call happens inside a streaming request.</summary>
    public bool IsStreaming { get; set; }
}
