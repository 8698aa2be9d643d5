using System.Collections.Concurrent;
using Microsoft.SemanticKernel;

namespace LlmAdapters.SemanticKernel.Tests;

/// <summary>An auto-function-invocation filter that records which functions it saw, proving SK's filters ran.</summary>
public sealed class RecordingAutoInvocationFilter : IAutoFunctionInvocationFilter
{
    private readonly ConcurrentQueue<string> _seen = new();

    /// <summary>Gets the function names the filter saw, in order.</summary>
    public IReadOnlyList<string> Seen => [.. _seen];

    /// <inheritdoc />
    public async Task OnAutoFunctionInvocationAsync(AutoFunctionInvocationContext context, Func<AutoFunctionInvocationContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        _seen.Enqueue(context.Function.Name);
        await next(context);
    }
}
