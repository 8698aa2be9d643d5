using System;
using System.Collections.Generic;
using System.Threading.Tasks;

namespace LlmAdapters.Testing;

/// <summary>
/// The template every built-in dialect follows. A request passes the same rooms in the same order: authenticate
/// (<see cref="Authenticate"/>), validate (<see cref="Validate"/>), routes that take no scripted reply
/// (<see cref="ServeUnscriptedAsync"/>), then the next <see cref="ScriptedReply"/> is rendered as an error
/// (<see cref="RenderError"/>), a stream (<see cref="RenderFrames"/>) or a whole body (<see cref="RenderWhole"/>).
/// </summary>
/// <remarks>
/// The faults a reply carries are applied here, the same for every dialect, so a dialect never sees them: the delay
/// before headers, a gateway HTML page, verbatim bodies and frames, <c>Retry-After</c> (seconds, HTTP date or
/// <c>retry-after-ms</c>), extra headers, the delay between frames, a garbled frame, a disconnect after n frames and a
/// stall after n frames (see <see cref="EmulatorExchange.WriteStreamAsync"/>).
/// </remarks>
public abstract class ProviderDialect : EmulatorDialect
{
    /// <summary>Gets a value indicating whether an error reply's wait is sent as a <c>Retry-After</c> header.
    /// Providers that report it in the body instead (Gemini's <c>RetryInfo</c>) return <see langword="false"/>.
    /// <value>The default is <see langword="true"/>.</value></summary>
    protected virtual bool RetryAfterInHeader => true;

    /// <summary>Gets the content type of this dialect's streams. <value>The default is <c>text/event-stream</c>.</value></summary>
    protected virtual string StreamContentType => "text/event-stream";

    /// <inheritdoc />
    public sealed override async Task HandleAsync(EmulatorExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        var options = exchange.Emulator.Options;
        var rejection = (options.RequireAuthentication ? Authenticate(exchange) : null) ?? Validate(exchange);
        if (rejection is not null)
        {
            await exchange.WriteAsync(rejection.Status, rejection.ContentType, rejection.Body).ConfigureAwait(false);
            return;
        }

        if (await ServeUnscriptedAsync(exchange).ConfigureAwait(false))
        {
            return;
        }

        var reply = exchange.NextReply();
        AddProviderHeaders(exchange, reply);
        if (await exchange.TryWriteCommonAsync(reply).ConfigureAwait(false))
        {
            return;
        }

        if (reply.IsError && !ErrorRendersInStream(reply))
        {
            var error = RenderError(exchange, reply);
            await exchange.WriteAsync(error.Status, error.ContentType, error.Body, reply, RetryAfterInHeader).ConfigureAwait(false);
            return;
        }

        if (IsStreaming(exchange))
        {
            await exchange.WriteStreamAsync(StreamContentType, RenderFrames(exchange, reply), reply).ConfigureAwait(false);
            return;
        }

        await exchange.WriteJsonAsync(200, RenderWhole(exchange, reply), reply).ConfigureAwait(false);
    }

    /// <summary>Checks the provider's credentials; only called when <see cref="ProviderEmulatorOptions.RequireAuthentication"/> is set.</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <returns>The provider's authentication error, or <see langword="null"/> when the credentials pass.</returns>
    protected abstract DialectResponse? Authenticate(EmulatorExchange exchange);

    /// <summary>Checks what the real API checks before answering (headers, body shape, required fields).</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <returns>The provider's validation error, or <see langword="null"/> when the request is well formed.</returns>
    protected virtual DialectResponse? Validate(EmulatorExchange exchange) => null;

    /// <summary>Answers routes whose answer is not scripted (token counts, caches, token endpoints), without taking a reply.</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <returns><see langword="true"/> when the response has been written.</returns>
    protected virtual Task<bool> ServeUnscriptedAsync(EmulatorExchange exchange) => Task.FromResult(false);

    /// <summary>Adds the headers the provider sends on every response (request ids), unless the reply scripts them.</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <param name="reply">The reply about to be written.</param>
    protected virtual void AddProviderHeaders(EmulatorExchange exchange, ScriptedReply reply)
    {
    }

    /// <summary>Returns whether an error reply is sent inside a stream (an error event after content) rather than as an error response.</summary>
    /// <param name="reply">The error reply.</param>
    /// <returns><see langword="true"/> to render it with <see cref="RenderFrames"/>. <value>The default is <see langword="false"/>.</value></returns>
    protected virtual bool ErrorRendersInStream(ScriptedReply reply) => false;

    /// <summary>Returns whether the request asks for a stream.</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <returns><see langword="true"/> to answer with <see cref="RenderFrames"/>.</returns>
    protected abstract bool IsStreaming(EmulatorExchange exchange);

    /// <summary>Renders a scripted error reply (<see cref="ScriptedReply.IsError"/>) in the provider's error shape.</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <param name="reply">The error reply.</param>
    /// <returns>The status and body.</returns>
    protected abstract DialectResponse RenderError(EmulatorExchange exchange, ScriptedReply reply);

    /// <summary>Renders a successful reply as the provider's whole JSON body (sent with status 200).</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <param name="reply">The reply.</param>
    /// <returns>The JSON text.</returns>
    protected abstract string RenderWhole(EmulatorExchange exchange, ScriptedReply reply);

    /// <summary>Renders a reply as the provider's stream frames, each with its own framing (<c>data: …\n\n</c>, one NDJSON line).</summary>
    /// <param name="exchange">The request being answered.</param>
    /// <param name="reply">The reply.</param>
    /// <returns>The frames, in order.</returns>
    protected abstract IEnumerable<string> RenderFrames(EmulatorExchange exchange, ScriptedReply reply);
}
