using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace LlmAdapters.Testing;

/// <summary>One request being answered: what arrived, the next scripted reply, and helpers that write the
/// response with the reply's faults applied (delays, disconnects, garbled frames, Retry-After).</summary>
public sealed class EmulatorExchange
{
    private static readonly TimeSpan DisconnectGracePeriod = TimeSpan.FromMilliseconds(300);
    private readonly HttpContext _context;
    private readonly ProviderEmulator _emulator;
    private JsonObject? _body;
    private bool _bodyParsed;

    internal EmulatorExchange(HttpContext context, ProviderEmulator emulator, CapturedRequest request)
    {
        _context = context;
        _emulator = emulator;
        Request = request;
    }

    /// <summary>Gets the captured request.</summary>
    public CapturedRequest Request { get; }

    /// <summary>Gets the emulator.</summary>
    public ProviderEmulator Emulator => _emulator;

    /// <summary>Gets the cancellation token of the connection.</summary>
    public CancellationToken Aborted => _context.RequestAborted;

    /// <summary>Gets the request body parsed once as a JSON object, or <see langword="null"/> when it is empty, not JSON or not an object.</summary>
    internal JsonObject? BodyObject
    {
        get
        {
            if (!_bodyParsed)
            {
                _body = Request.Json as JsonObject;
                _bodyParsed = true;
            }

            return _body;
        }
    }

    /// <summary>Takes the next scripted reply (queue first, then the default responder).</summary>
    /// <returns>The reply.</returns>
    public ScriptedReply NextReply() => _emulator.TakeReply(Request);

    /// <summary>
    /// Handles the parts of a reply every dialect treats alike: the delay before headers, gateway HTML pages,
    /// raw bodies and raw frames. Returns <see langword="true"/> when the response has been written.
    /// </summary>
    /// <param name="reply">The reply.</param>
    /// <returns>Whether the response is complete.</returns>
    public async Task<bool> TryWriteCommonAsync(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.DelayBeforeHeaders > TimeSpan.Zero)
        {
            await Task.Delay(reply.DelayBeforeHeaders, Aborted).ConfigureAwait(false);
        }

        if (reply.HtmlPage)
        {
            var status = reply.ErrorStatus ?? 502;
            await WriteAsync(status, "text/html", $"<html><head><title>{status} Bad Gateway</title></head><body><center><h1>{status} Bad Gateway</h1></center><hr><center>nginx</center></body></html>", reply).ConfigureAwait(false);
            return true;
        }

        if (reply.RawFrames is { } frames)
        {
            await WriteStreamAsync(reply.RawContentType, frames, reply).ConfigureAwait(false);
            return true;
        }

        if (reply.RawBody is { } body)
        {
            await WriteAsync(reply.RawStatus, reply.RawContentType, body, reply).ConfigureAwait(false);
            return true;
        }

        return false;
    }

    /// <summary>Writes a whole response, adding the reply's headers and Retry-After.</summary>
    /// <param name="status">The status.</param>
    /// <param name="contentType">The content type.</param>
    /// <param name="body">The body.</param>
    /// <param name="reply">The reply whose headers apply, if any.</param>
    /// <returns>A task.</returns>
    public Task WriteAsync(int status, string contentType, string body, ScriptedReply? reply = null) =>
        WriteAsync(status, contentType, body, reply, retryAfterInHeader: true);

    /// <summary>Writes a whole response; <paramref name="retryAfterInHeader"/> <see langword="false"/> leaves the reply's wait out of the headers.</summary>
    internal async Task WriteAsync(int status, string contentType, string body, ScriptedReply? reply, bool retryAfterInHeader)
    {
        _context.Response.StatusCode = status;
        _context.Response.ContentType = contentType;
        ApplyHeaders(reply, retryAfterInHeader);
        var bytes = Encoding.UTF8.GetBytes(body);
        _context.Response.ContentLength = bytes.Length;
        await _context.Response.Body.WriteAsync(bytes, Aborted).ConfigureAwait(false);
    }

    /// <summary>Writes a JSON response.</summary>
    /// <param name="status">The status.</param>
    /// <param name="json">The JSON text.</param>
    /// <param name="reply">The reply whose headers apply, if any.</param>
    /// <returns>A task.</returns>
    public Task WriteJsonAsync(int status, string json, ScriptedReply? reply = null) => WriteAsync(status, "application/json", json, reply);

    /// <summary>
    /// Writes a stream frame by frame, flushing each, applying the reply's delay between chunks, garbled frame,
    /// disconnect and stall. A disconnect aborts the connection so the client sees a truncated body; a stall keeps the
    /// connection open and sends nothing more until the client gives up or the emulator stops.
    /// </summary>
    /// <param name="contentType">The content type (<c>text/event-stream</c>, <c>application/x-ndjson</c>).</param>
    /// <param name="frames">The frames, each including its own framing.</param>
    /// <param name="reply">The reply whose faults apply.</param>
    /// <returns>A task.</returns>
    public async Task WriteStreamAsync(string contentType, IEnumerable<string> frames, ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(reply);
        _context.Response.StatusCode = 200;
        _context.Response.ContentType = contentType;
        _context.Response.Headers.CacheControl = "no-cache";
        ApplyHeaders(reply, retryAfterInHeader: true);
        await _context.Response.StartAsync(Aborted).ConfigureAwait(false);
        var index = 0;
        foreach (var frame in frames)
        {
            if (reply.StallAfterChunks is { } stallAt && index >= stallAt)
            {
                await _context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);
                await StallAsync().ConfigureAwait(false);
                return;
            }

            if (reply.DisconnectAfterChunks is { } limit && index >= limit)
            {
                await _context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);

                // Aborting discards whatever the server has not yet handed to the socket, so give the frames
                // already written time to leave before the connection is cut; the client then sees exactly
                // those frames followed by a broken body.
                await Task.Delay(DisconnectGracePeriod, Aborted).ConfigureAwait(false);
                _context.Abort();
                return;
            }

            if (index > 0 && reply.DelayBetweenChunks > TimeSpan.Zero)
            {
                await Task.Delay(reply.DelayBetweenChunks, Aborted).ConfigureAwait(false);
            }

            var text = index == reply.GarbledChunkIndex ? GarbleFrame(frame) : frame;
            await _context.Response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), Aborted).ConfigureAwait(false);
            await _context.Response.Body.FlushAsync(Aborted).ConfigureAwait(false);
            index++;
        }
    }

    private async Task StallAsync()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Aborted, _emulator.Stopping);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!Aborted.IsCancellationRequested)
        {
            // The emulator is stopping: end the stalled response so shutdown does not wait for it.
            _context.Abort();
        }
    }

    private static string GarbleFrame(string frame) =>
        frame.StartsWith("data:", StringComparison.Ordinal) || frame.Contains("\ndata:", StringComparison.Ordinal)
            ? "data: {\"id\":\"garbled\",<<not json>>\n\n"
            : "{\"garbled\":<<not json>>\n";

    private void ApplyHeaders(ScriptedReply? reply, bool retryAfterInHeader)
    {
        if (reply is null)
        {
            return;
        }

        foreach (var header in reply.Headers)
        {
            _context.Response.Headers[header.Key] = header.Value;
        }

        if (retryAfterInHeader && reply.RetryAfter is { } wait)
        {
            if (reply.RetryAfterAsMilliseconds)
            {
                _context.Response.Headers["retry-after-ms"] = wait.TotalMilliseconds.ToString(CultureInfo.InvariantCulture);
            }
            else if (reply.RetryAfterAsDate)
            {
                _context.Response.Headers["retry-after"] = (_emulator.TimeProvider.GetUtcNow() + wait).ToString("r", CultureInfo.InvariantCulture);
            }
            else
            {
                _context.Response.Headers["retry-after"] = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            }
        }
    }
}
