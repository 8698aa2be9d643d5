namespace LlmAdapters;

/// <summary>
/// An <see cref="ITokenCounter"/> that counts in this process (a local tokenizer), without a request to the provider.
/// Middleware that checks limits before every call (rate limits, budgets) prefers it: it is exact for the models it knows
/// and costs no round trip.
/// </summary>
public interface ILocalTokenCounter : ITokenCounter
{
    /// <summary>Gets a value indicating whether counts for <paramref name="modelId"/> are exact (the model's own encoding
    /// and documented overheads) rather than an estimate (an unknown model, or media whose size could not be read).</summary>
    /// <param name="modelId">The model id.</param>
    /// <returns><see langword="true"/> when counts are exact.</returns>
    bool IsExactFor(string modelId);
}
