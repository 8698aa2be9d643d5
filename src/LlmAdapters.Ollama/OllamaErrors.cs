using System;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using LlmAdapters.Ollama.Wire;

namespace LlmAdapters.Ollama;

/// <summary>
/// Ollama error bodies (<c>{"error":"…"}</c>) → the Core error family. Ollama sends no error type or code, so the HTTP
/// status decides (404 model not found, 400 bad request or unsupported capability, 429 and 503 busy, 500 and 502 failures).
/// Two failures get a message that names the fix: a missing model (<c>ollama pull</c>) and a refused connection (is Ollama
/// running?).
/// </summary>
internal static class OllamaErrors
{
    public static ProviderErrorInfo Parse(int statusCode, ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        var wire = JsonSerializer.Deserialize(body, OllamaJsonContext.Default.OllamaError);
        return wire?.Error is { } message ? FromMessage(message) : default;
    }

    /// <summary>An error message from a body or a stream line; the status (or, in a stream, the interruption) decides the kind.</summary>
    public static ProviderErrorInfo FromMessage(string message) => new(Message: message);

    /// <summary>
    /// Replaces a failure with one that says how to fix it, or returns null to keep it: a 404 for a model becomes a
    /// <see cref="ModelNotFoundException"/> that says to run <c>ollama pull</c>; a refused connection becomes a
    /// <see cref="ProviderNetworkException"/> that says no Ollama is running at the endpoint and how to start one.
    /// </summary>
    public static ProviderException? Refine(ProviderException error, string? model, Uri endpoint)
    {
        var details = new ProviderErrorDetails(
            error.Provider, error.StatusCode, error.ProviderErrorType, error.ProviderErrorCode, error.RequestId, error.RetryAfter, error.IsRetryable, error.RateLimits);
        var server = endpoint.GetLeftPart(UriPartial.Authority);
        if (error is ModelNotFoundException && error.StatusCode == HttpStatusCode.NotFound && !string.IsNullOrEmpty(model))
        {
            return new ModelNotFoundException(
                $"The Ollama server at {server} does not have the model '{model}'. Run `ollama pull {model}` there and retry " +
                "(`ollama list` shows the models it has), or check the model name and OllamaOptions.Endpoint.",
                details,
                error);
        }

        if (error is ProviderNetworkException and not ProviderTimeoutException && IsConnectionRefused(error))
        {
            return new ProviderNetworkException(
                $"Ollama is not running at {server}: the connection was refused. Start it with `ollama serve` (or open the Ollama app), " +
                "or point OLLAMA_HOST or OllamaOptions.Endpoint at the machine where it runs.",
                details,
                error);
        }

        return null;
    }

    private static bool IsConnectionRefused(Exception error)
    {
        for (var inner = error.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}
