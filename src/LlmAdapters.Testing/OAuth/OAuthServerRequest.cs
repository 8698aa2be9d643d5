using System;
using System.Collections.Generic;

namespace LlmAdapters.Testing.OAuth;

/// <summary>One request the <see cref="OAuthAuthorizationServer"/> received.</summary>
/// <param name="Path">The path, for example <c>/oauth/token</c>.</param>
/// <param name="Fields">The form fields (POST) or query parameters (GET).</param>
/// <param name="ReceivedAt">When it arrived, by the server's clock.</param>
/// <param name="Answer">The OAuth error code answered, or <c>ok</c>.</param>
public sealed record OAuthServerRequest(string Path, IReadOnlyDictionary<string, string> Fields, DateTimeOffset ReceivedAt, string Answer)
{
    /// <summary>Gets the <c>grant_type</c> field, or <see langword="null"/>.</summary>
    public string? GrantType => Fields.GetValueOrDefault("grant_type");
}
