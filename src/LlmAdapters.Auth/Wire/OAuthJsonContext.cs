using System.Text.Json.Serialization;

namespace LlmAdapters.Auth.Wire;

/// <summary>Source-generated serialization metadata for the OAuth messages and the token file.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true)]
[JsonSerializable(typeof(OAuthDeviceAuthorizationResponse))]
[JsonSerializable(typeof(OAuthTokenResponse))]
[JsonSerializable(typeof(OAuthErrorResponse))]
[JsonSerializable(typeof(StoredTokenFile))]
internal sealed partial class OAuthJsonContext : JsonSerializerContext;
