using System;

namespace LlmAdapters.Providers;

/// <summary>
/// The one rule both engines use to pick a call's model: the call's own model id, else the client's default (the engine then
/// applies the provider's normalization). Neither is an <see cref="ArgumentException"/> on <c>options</c> naming what to
/// set, raised before any I/O.
/// </summary>
internal static class ModelResolver
{
    /// <summary>Returns the model the call uses, before the provider's normalization (a delegate for it would be one more
    /// allocation per call).</summary>
    /// <param name="requested">The call's model id (<c>ChatOptions.ModelId</c> or <c>EmbeddingGenerationOptions.ModelId</c>).</param>
    /// <param name="defaultModel">The client's default model.</param>
    /// <param name="what">What kind of model is missing, for the message (<c>model</c>, <c>embedding model</c>).</param>
    /// <param name="provider">The provider name, for the message.</param>
    /// <param name="hint">What to set, for the message.</param>
    /// <param name="paramName">The caller's options parameter, named in the exception.</param>
    public static string Resolve(string? requested, string? defaultModel, string what, string provider, string hint, string paramName)
    {
        var model = string.IsNullOrWhiteSpace(requested) ? defaultModel : requested;
        if (string.IsNullOrWhiteSpace(model))
        {
            throw new ArgumentException($"No {what} for {provider}: {hint}", paramName);
        }

        return model;
    }
}
