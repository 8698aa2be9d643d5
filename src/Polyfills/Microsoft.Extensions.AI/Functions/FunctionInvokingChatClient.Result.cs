namespace Microsoft.Extensions.AI;

public partial class FunctionInvokingChatClient
{
    /// <summary>The outcome of one function invocation.</summary>
    public sealed class FunctionInvocationResult
    {
        internal FunctionInvocationResult(bool terminate, FunctionInvocationStatus status, FunctionCallContent callContent, object? result, Exception? exception)
        {
            Terminate = terminate;
            Status = status;
            CallContent = callContent;
            Result = result;
            Exception = exception;
        }

        /// <summary>Gets how the invocation ended.</summary>
        public FunctionInvocationStatus Status { get; }

        /// <summary>Gets the function call the model requested.</summary>
        public FunctionCallContent CallContent { get; }

        /// <summary>Gets the value the function returned, if it completed.</summary>
        public object? Result { get; }

        /// <summary>Gets the exception the function threw, if it failed.</summary>
        public Exception? Exception { get; }

        /// <summary>Gets a value indicating whether the function asked the loop to stop.</summary>
        public bool Terminate { get; }
    }

    /// <summary>How a function invocation ended.</summary>
    public enum FunctionInvocationStatus
    {
        /// <summary>The function ran and returned.</summary>
        RanToCompletion = 0,

        /// <summary>No invocable function with the requested name was available.</summary>
        NotFound = 1,

        /// <summary>The function threw.</summary>
        Exception = 2,
    }
}
