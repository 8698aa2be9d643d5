using System;
using System.Collections.Generic;

namespace LlmAdapters.Testing;

/// <summary>
/// What the emulator answers to the next request: provider-neutral content (text, reasoning, tool calls,
/// refusal, usage) that each dialect renders in its own wire format, or a fault, or raw bytes. Fluent and
/// mutable while being built; enqueue it with <see cref="ProviderEmulator.Enqueue(ScriptedReply)"/>.
/// </summary>
public sealed class ScriptedReply
{
    /// <summary>Gets the ordered output parts.</summary>
    public IList<ScriptedPart> Parts { get; } = new List<ScriptedPart>();

    /// <summary>Gets or sets the usage to report; <see langword="null"/> lets the dialect compute a small default.</summary>
    public ScriptedUsage? Usage { get; set; }

    /// <summary>Gets or sets the finish reason in the dialect's own vocabulary (<c>stop</c>, <c>end_turn</c>, <c>STOP</c>);
    /// <see langword="null"/> lets the dialect choose (tool calls → its tool reason).</summary>
    public string? FinishReason { get; set; }

    /// <summary>Gets or sets the model echoed in the response; <see langword="null"/> echoes the request's model.</summary>
    public string? Model { get; set; }

    /// <summary>Gets or sets the response id; <see langword="null"/> generates one.</summary>
    public string? ResponseId { get; set; }

    /// <summary>Gets or sets how many stream chunks each text or reasoning part is split into. <value>The default is 1.</value></summary>
    public int ChunksPerPart { get; set; } = 1;

    /// <summary>Gets or sets the HTTP status of an error reply; <see langword="null"/> for success.</summary>
    public int? ErrorStatus { get; set; }

    /// <summary>Gets or sets the provider error type of an error reply.</summary>
    public string? ErrorType { get; set; }

    /// <summary>Gets or sets the provider error code of an error reply.</summary>
    public string? ErrorCode { get; set; }

    /// <summary>Gets or sets the message of an error reply.</summary>
    public string? ErrorMessage { get; set; }

    /// <summary>Gets or sets a Retry-After to send (with an error or success reply).</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Gets or sets a value indicating whether Retry-After is sent as an HTTP date instead of seconds.</summary>
    public bool RetryAfterAsDate { get; set; }

    /// <summary>Gets or sets a value indicating whether Retry-After is sent as <c>retry-after-ms</c>.</summary>
    public bool RetryAfterAsMilliseconds { get; set; }

    /// <summary>Gets or sets a value indicating whether to answer with a gateway's HTML page instead of provider JSON.</summary>
    public bool HtmlPage { get; set; }

    /// <summary>Gets or sets a verbatim body (with <see cref="RawContentType"/>) that bypasses the dialect.</summary>
    public string? RawBody { get; set; }

    /// <summary>Gets or sets verbatim stream frames, each written as-is (include the SSE <c>data: …\n\n</c> framing).</summary>
    public IReadOnlyList<string>? RawFrames { get; set; }

    /// <summary>Gets or sets the content type for <see cref="RawBody"/> or <see cref="RawFrames"/>.</summary>
    public string RawContentType { get; set; } = "application/json";

    /// <summary>Gets or sets the status for <see cref="RawBody"/>. <value>The default is 200.</value></summary>
    public int RawStatus { get; set; } = 200;

    /// <summary>Gets or sets a delay before the response headers are sent.</summary>
    public TimeSpan DelayBeforeHeaders { get; set; }

    /// <summary>Gets or sets a delay between stream frames.</summary>
    public TimeSpan DelayBetweenChunks { get; set; }

    /// <summary>Gets or sets the number of frames after which a stream's connection is dropped (no terminal event).</summary>
    public int? DisconnectAfterChunks { get; set; }

    /// <summary>Gets or sets the number of frames after which a stream stops sending while keeping the connection open.</summary>
    public int? StallAfterChunks { get; set; }

    /// <summary>Gets or sets the index of a frame replaced by garbage that is not JSON.</summary>
    public int? GarbledChunkIndex { get; set; }

    /// <summary>Gets or sets a value indicating whether the stream ends cleanly but without its terminal event.</summary>
    public bool OmitStreamTerminator { get; set; }

    /// <summary>Gets extra response headers.</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Gets dialect-specific extras, keyed by dialect-documented names.</summary>
    public IDictionary<string, object?> Properties { get; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>Gets a value indicating whether this reply is an error.</summary>
    public bool IsError => ErrorStatus is not null;

    /// <summary>Creates a text reply.</summary>
    /// <param name="text">The answer text.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Text(string text) => new ScriptedReply().WithText(text);

    /// <summary>Creates a reply that calls tools.</summary>
    /// <param name="calls">The calls as (id, name, argumentsJson).</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply ToolCalls(params (string Id, string Name, string ArgumentsJson)[] calls)
    {
        var reply = new ScriptedReply();
        foreach (var (id, name, args) in calls)
        {
            reply.WithToolCall(id, name, args);
        }

        return reply;
    }

    /// <summary>Creates an error reply rendered in the dialect's error shape.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="type">The provider error type (dialect default when null).</param>
    /// <param name="message">The error message.</param>
    /// <param name="retryAfter">A Retry-After to send.</param>
    /// <param name="code">The provider error code.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Error(int status, string? type = null, string? message = null, TimeSpan? retryAfter = null, string? code = null) =>
        new() { ErrorStatus = status, ErrorType = type, ErrorMessage = message, RetryAfter = retryAfter, ErrorCode = code };

    /// <summary>Creates a gateway HTML error page (no provider JSON).</summary>
    /// <param name="status">The HTTP status. <value>The default is 502.</value></param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Html(int status = 502) => new() { ErrorStatus = status, HtmlPage = true };

    /// <summary>Creates a verbatim body reply.</summary>
    /// <param name="status">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <param name="contentType">The content type.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply Raw(int status, string body, string contentType = "application/json") =>
        new() { RawStatus = status, RawBody = body, RawContentType = contentType };

    /// <summary>Creates a verbatim stream; each frame is written as-is and flushed.</summary>
    /// <param name="contentType">The content type, for example <c>text/event-stream</c>.</param>
    /// <param name="frames">The frames.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply RawStream(string contentType, params string[] frames) =>
        new() { RawFrames = frames, RawContentType = contentType };

    /// <summary>Creates a stream replayed from a recording: the server-sent-events text is cut into its events at the blank
    /// lines that end them, and each event is written (with its framing) as one frame, so frame faults count events.</summary>
    /// <param name="recording">The recorded <c>text/event-stream</c> body.</param>
    /// <returns>The reply.</returns>
    public static ScriptedReply RecordedSse(string recording)
    {
        ArgumentNullException.ThrowIfNull(recording);
        var text = recording.Replace("\r\n", "\n", StringComparison.Ordinal);
        var frames = new List<string>();
        foreach (var block in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            if (block.Trim().Length > 0)
            {
                frames.Add(block.Trim('\n') + "\n\n");
            }
        }

        return new ScriptedReply { RawFrames = frames, RawContentType = "text/event-stream" };
    }

    /// <summary>Appends answer text.</summary>
    /// <param name="text">The text.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithText(string text)
    {
        Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.Text, Text = text });
        return this;
    }

    /// <summary>Appends reasoning text with an optional signature.</summary>
    /// <param name="text">The reasoning text.</param>
    /// <param name="signature">The provider signature.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithReasoning(string text, string? signature = null)
    {
        Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.Reasoning, Text = text, Signature = signature });
        return this;
    }

    /// <summary>Appends redacted reasoning (opaque data).</summary>
    /// <param name="data">The opaque data.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithRedactedReasoning(string data)
    {
        Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.RedactedReasoning, Text = data });
        return this;
    }

    /// <summary>Appends a tool call.</summary>
    /// <param name="id">The call id.</param>
    /// <param name="name">The tool name.</param>
    /// <param name="argumentsJson">The arguments as a JSON object.</param>
    /// <param name="signature">A provider signature carried by the call (Gemini).</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithToolCall(string id, string name, string argumentsJson, string? signature = null)
    {
        Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.ToolCall, CallId = id, Name = name, ArgumentsJson = argumentsJson, Signature = signature });
        return this;
    }

    /// <summary>Appends a block in the dialect's own JSON, sent as given (see <see cref="ScriptedPartKind.ProviderBlock"/>):
    /// how the emulator returns server-tool calls and results, code execution parts and the like.</summary>
    /// <param name="json">The block as a JSON object.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithProviderBlock(string json)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(json);
        Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.ProviderBlock, Text = json });
        return this;
    }

    /// <summary>Appends a refusal.</summary>
    /// <param name="text">The refusal text.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithRefusal(string text)
    {
        Parts.Add(new ScriptedPart { Kind = ScriptedPartKind.Refusal, Text = text });
        return this;
    }

    /// <summary>Sets the usage.</summary>
    /// <param name="input">Input tokens (including cache reads).</param>
    /// <param name="output">Output tokens (including reasoning).</param>
    /// <param name="cachedInput">Cache-read tokens.</param>
    /// <param name="reasoning">Reasoning tokens.</param>
    /// <param name="cacheWrite">Cache-write tokens.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithUsage(int input, int output, int? cachedInput = null, int? reasoning = null, int? cacheWrite = null)
    {
        Usage = new ScriptedUsage(input, output, cachedInput, reasoning, cacheWrite);
        return this;
    }

    /// <summary>Sets the native finish reason.</summary>
    /// <param name="reason">The reason in the dialect's vocabulary.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithFinishReason(string reason)
    {
        FinishReason = reason;
        return this;
    }

    /// <summary>Splits each text and reasoning part into <paramref name="chunks"/> stream chunks.</summary>
    /// <param name="chunks">The number of chunks per part.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply InChunks(int chunks)
    {
        ChunksPerPart = Math.Max(1, chunks);
        return this;
    }

    /// <summary>Drops the connection after <paramref name="chunks"/> stream frames.</summary>
    /// <param name="chunks">Frames to send first.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply DisconnectAfter(int chunks)
    {
        DisconnectAfterChunks = chunks;
        return this;
    }

    /// <summary>Stops sending after <paramref name="chunks"/> stream frames and holds the connection open (a stalled stream).</summary>
    /// <param name="chunks">Frames to send first.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply StallAfter(int chunks)
    {
        StallAfterChunks = chunks;
        return this;
    }

    /// <summary>Replaces stream frame <paramref name="index"/> with garbage.</summary>
    /// <param name="index">The zero-based frame index.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply GarbleChunk(int index)
    {
        GarbledChunkIndex = index;
        return this;
    }

    /// <summary>Adds a response header.</summary>
    /// <param name="name">The header name.</param>
    /// <param name="value">The value.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithHeader(string name, string value)
    {
        Headers[name] = value;
        return this;
    }

    /// <summary>Sets a dialect-specific extra.</summary>
    /// <param name="key">The dialect-documented key.</param>
    /// <param name="value">The value.</param>
    /// <returns>This reply.</returns>
    public ScriptedReply WithProperty(string key, object? value)
    {
        Properties[key] = value;
        return this;
    }

    /// <summary>Splits <paramref name="text"/> into <see cref="ChunksPerPart"/> nearly equal pieces (none empty unless the text is).</summary>
    /// <param name="text">The text.</param>
    /// <returns>The pieces.</returns>
    public IEnumerable<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var n = Math.Min(ChunksPerPart, Math.Max(1, text.Length));
        var size = text.Length / n;
        var extra = text.Length % n;
        var pos = 0;
        for (var i = 0; i < n; i++)
        {
            var len = size + (i < extra ? 1 : 0);
            yield return text.Substring(pos, len);
            pos += len;
        }
    }
}
