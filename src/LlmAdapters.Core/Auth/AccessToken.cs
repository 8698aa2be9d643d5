using System;

namespace LlmAdapters;

/// <summary>A bearer token and when it stops being valid.</summary>
/// <param name="Token">The token value.</param>
/// <param name="ExpiresOn">When the token expires.</param>
public readonly record struct AccessToken(string Token, DateTimeOffset ExpiresOn)
{
    /// <inheritdoc />
    public override string ToString() => $"AccessToken(expires {ExpiresOn:O})";
}
