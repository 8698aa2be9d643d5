using System.Collections.Generic;
using System.Text.Json.Nodes;

namespace LlmAdapters.Testing;

/// <summary>One request the emulator received, as it arrived.</summary>
public sealed class CapturedRequest
{
    internal CapturedRequest(string method, string path, string query, IReadOnlyDictionary<string, string> headers, string body)
    {
        Method = method;
        Path = path;
        Query = query;
        Headers = headers;
        Body = body;
    }

    /// <summary>Gets the HTTP method.</summary>
    public string Method { get; }

    /// <summary>Gets the path, for example <c>/v1/chat/completions</c>.</summary>
    public string Path { get; }

    /// <summary>Gets the query string including the leading <c>?</c>, or empty.</summary>
    public string Query { get; }

    /// <summary>Gets the headers (case-insensitive names; repeated values joined with a comma).</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Gets the body as text.</summary>
    public string Body { get; }

    /// <summary>Gets the body parsed as JSON, or <see langword="null"/> when it is empty or not JSON.</summary>
    public JsonNode? Json
    {
        get
        {
            if (string.IsNullOrWhiteSpace(Body))
            {
                return null;
            }

            try
            {
                return JsonNode.Parse(Body);
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    /// <summary>Gets a header value, or <see langword="null"/>.</summary>
    /// <param name="name">The header name.</param>
    /// <returns>The value.</returns>
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;

    /// <inheritdoc />
    public override string ToString() => $"{Method} {Path}{Query}";
}
