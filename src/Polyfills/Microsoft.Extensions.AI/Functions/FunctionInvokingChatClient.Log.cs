using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.AI;

public partial class FunctionInvokingChatClient
{
    [LoggerMessage(LogLevel.Debug, "Invoking {MethodName}.", SkipEnabledCheck = true)]
    private partial void LogInvoking(string methodName);

    [LoggerMessage(LogLevel.Trace, "Invoking {MethodName}({Arguments}).", SkipEnabledCheck = true)]
    private partial void LogInvokingSensitive(string methodName, string arguments);

    [LoggerMessage(LogLevel.Debug, "{MethodName} invocation completed. Duration: {Duration}", SkipEnabledCheck = true)]
    private partial void LogInvocationCompleted(string methodName, TimeSpan duration);

    [LoggerMessage(LogLevel.Trace, "{MethodName} invocation completed. Duration: {Duration}. Result: {Result}", SkipEnabledCheck = true)]
    private partial void LogInvocationCompletedSensitive(string methodName, TimeSpan duration, string result);

    [LoggerMessage(LogLevel.Debug, "{MethodName} invocation canceled.")]
    private partial void LogInvocationCanceled(string methodName);

    [LoggerMessage(LogLevel.Error, "{MethodName} invocation failed.")]
    private partial void LogInvocationFailed(string methodName, Exception error);

    [LoggerMessage(LogLevel.Debug, "Reached maximum iteration count of {MaximumIterationsPerRequest}. Stopping function invocation loop.")]
    private partial void LogMaximumIterationsReached(int maximumIterationsPerRequest);

    [LoggerMessage(LogLevel.Debug, "Received approval response for '{FunctionName}': approved = {Approved}.")]
    private partial void LogApprovalResponse(string functionName, bool approved);

    [LoggerMessage(LogLevel.Debug, "Function '{FunctionName}' requires approval; returning an approval request to the caller.")]
    private partial void LogApprovalRequested(string functionName);

    [LoggerMessage(LogLevel.Warning, "Maximum consecutive errors ({MaxErrors}) exceeded. Throwing aggregated exceptions.")]
    private partial void LogMaximumConsecutiveErrorsExceeded(int maxErrors);

    [LoggerMessage(LogLevel.Warning, "Function '{FunctionName}' not found.")]
    private partial void LogFunctionNotFound(string functionName);

    [LoggerMessage(LogLevel.Debug, "Function '{FunctionName}' is not invocable (declaration only). Terminating loop.")]
    private partial void LogNonInvocableFunction(string functionName);

    [LoggerMessage(LogLevel.Debug, "Function '{FunctionName}' requested termination of the processing loop.")]
    private partial void LogFunctionRequestedTermination(string functionName);
}
