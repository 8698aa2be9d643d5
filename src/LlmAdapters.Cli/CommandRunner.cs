using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using Spectre.Console;

namespace LlmAdapters.Cli;

/// <summary>
/// Runs one command's body under its <c>--timeout</c> and turns whatever ends it into an error line and an exit code
/// (through <see cref="ExitCodes.For"/>), so every command fails the same way.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Runs <paramref name="body"/>.</summary>
    /// <param name="context">Where errors go.</param>
    /// <param name="timeout">The whole command's time limit, or <see langword="null"/> for none.</param>
    /// <param name="body">The command; it receives a token cancelled by Ctrl+C or by the time limit.</param>
    /// <param name="cancellationToken">Cancelled by Ctrl+C.</param>
    /// <param name="waitingFor">Names what the command waits for (a provider and where it is), for the timeout message.</param>
    public static async Task<int> RunAsync(
        CliContext context, TimeSpan? timeout, Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken, string? waitingFor = null)
    {
        using var deadline = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        if (timeout is { } limit)
        {
            deadline.CancelAfter(limit);
        }

        try
        {
            return await body(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return Fail(context, new CliTimeoutException($"No complete answer{(waitingFor is null ? string.Empty : " from " + waitingFor)} within {Seconds(timeout!.Value)} (--timeout).", ex), timeout, userCancelled: false);
        }
        catch (Exception ex) when (ExitCodes.For(ex, cancellationToken.IsCancellationRequested) != ExitCodes.Unexpected)
        {
            return Fail(context, ex, timeout, cancellationToken.IsCancellationRequested);
        }
    }

    /// <summary>Prints "error: …" (and what to do, for a timeout) and returns the failure's exit code.</summary>
    public static int Fail(CliContext context, Exception failure, TimeSpan? timeout, bool userCancelled)
    {
        var code = ExitCodes.For(failure, userCancelled);
        var message = code == ExitCodes.Cancelled ? "cancelled." : MessageOf(failure);
        context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        if (code == ExitCodes.Timeout)
        {
            var advice = timeout is { } limit
                ? $"Check that the server answers, or allow more time with a --timeout above {Seconds(limit)}."
                : "Check that the server answers, or allow more time with --timeout <seconds>.";
            context.Error.MarkupLine($"[yellow]timed out:[/] {Markup.Escape(advice)}");
        }

        return code;
    }

    /// <summary>Prints a usage error and returns <see cref="ExitCodes.Usage"/>.</summary>
    public static int UsageError(CliContext context, string message) => Fail(context, new CliUsageException(message), null, userCancelled: false);

    private static string MessageOf(Exception failure) =>
        failure is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : failure.Message;

    private static string Seconds(TimeSpan value) => string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.###} s");
}
