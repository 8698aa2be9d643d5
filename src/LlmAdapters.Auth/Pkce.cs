using System.Security.Cryptography;
using System.Text;

namespace LlmAdapters.Auth;

/// <summary>RFC 7636 proof key: a random verifier and its S256 challenge, plus the random <c>state</c> of RFC 6749 §10.12.</summary>
internal static class Pkce
{
    /// <summary>A verifier of 43 characters from 32 random bytes (the §4.1 minimum length, full entropy).</summary>
    public static string CreateVerifier() => Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>BASE64URL(SHA256(ASCII(verifier))), §4.2.</summary>
    public static string Challenge(string verifier) => Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>An unguessable state value.</summary>
    public static string CreateState() => Base64Url(RandomNumberGenerator.GetBytes(16));

    /// <summary>Compares in constant time, so the answer time says nothing about how much of a guess matched.</summary>
    public static bool StateMatches(string expected, string? actual) =>
        actual is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(actual));

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);
}
