using System.Threading.Tasks;

namespace LlmAdapters.Testing;

/// <summary>
/// One provider's wire protocol inside the emulator: which paths it owns, what it validates, and how it
/// renders a <see cref="ScriptedReply"/> (JSON body, stream frames, error body).
/// </summary>
public abstract class EmulatorDialect
{
    /// <summary>Gets the dialect name, for example <c>openai</c>.</summary>
    public abstract string Name { get; }

    /// <summary>Returns whether this dialect serves <paramref name="request"/>.</summary>
    /// <param name="request">The request.</param>
    /// <returns><see langword="true"/> when the path belongs to this dialect.</returns>
    public abstract bool CanHandle(CapturedRequest request);

    /// <summary>Answers the request.</summary>
    /// <param name="exchange">The request, the script and the response writer.</param>
    /// <returns>A task that completes when the response is written.</returns>
    public abstract Task HandleAsync(EmulatorExchange exchange);
}
