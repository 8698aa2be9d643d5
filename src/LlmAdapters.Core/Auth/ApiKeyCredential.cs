using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LlmAdapters;

/// <summary>A static key sent in a header: <c>Authorization: Bearer key</c>, <c>x-api-key: key</c>, <c>api-key: key</c> and so on.</summary>
public sealed class ApiKeyCredential : CredentialSource
{
    private readonly string _key;
    private readonly string _headerName;
    private readonly string _headerValue;
    private readonly string? _description;

    /// <summary>Initializes a new instance.</summary>
    /// <param name="key">The secret.</param>
    /// <param name="headerName">The header to send it in. <value>The default is <c>Authorization</c>.</value></param>
    /// <param name="scheme">The scheme prefix, such as <c>Bearer</c>; <see langword="null"/> sends the bare key.</param>
    /// <param name="description">Where the key came from, for error messages.</param>
    public ApiKeyCredential(string key, string headerName = "Authorization", string? scheme = "Bearer", string? description = null)
    {
        _key = Throw.IfNullOrWhiteSpace(key);
        _headerName = Throw.IfNullOrWhiteSpace(headerName);
        _headerValue = scheme is null ? _key : string.Concat(scheme, " ", _key);
        _description = description;
    }

    /// <inheritdoc />
    public override string? Description => _description;

    /// <inheritdoc />
    public override ValueTask ApplyAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Remove(_headerName);
        request.Headers.TryAddWithoutValidation(_headerName, _headerValue);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public override string ToString() => $"ApiKeyCredential({_headerName})";

    /// <inheritdoc />
    protected internal override IEnumerable<string?> GetSecrets() => [_key];
}
