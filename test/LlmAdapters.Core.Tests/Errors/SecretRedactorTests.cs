namespace LlmAdapters.Core.Tests.Errors;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("key sk-proj-abcDEF123456789 rejected", "key [REDACTED] rejected")]
    [InlineData("sk-ant-api03-abcdefghijklmnop", "[REDACTED]")]
    [InlineData("AIzaSyA1234567890abcdefghijklmno was used", "[REDACTED] was used")]
    [InlineData("gsk_abcdefghijklmnop1234 bad", "[REDACTED] bad")]
    [InlineData("xai-abcdefghijklmnop1234", "[REDACTED]")]
    [InlineData("Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.payload.sig", "Authorization: Bearer [REDACTED]")]
    [InlineData("sk-******************abcd", "[REDACTED]")]
    public void Redact_KeyShapedText_IsMasked(string input, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Redact(input));
    }

    [Theory]
    [InlineData("The model gpt-4.1 does not exist.")]
    [InlineData("Ask a skilled person (sk-short).")]
    [InlineData("Bearer short")]
    public void Redact_OrdinaryText_IsUnchanged(string input)
    {
        Assert.Equal(input, SecretRedactor.Redact(input));
    }

    [Fact]
    public void Redact_GivenSecrets_AreMaskedWhateverTheirShape()
    {
        var text = SecretRedactor.Redact("token=my-own-secret-value; again my-own-secret-value", ["my-own-secret-value", null, ""]);

        Assert.Equal("token=[REDACTED]; again [REDACTED]", text);
    }

    [Fact]
    public void Redact_SecretsShorterThanFourCharacters_AreNotUsed()
    {
        Assert.Equal("abc abc", SecretRedactor.Redact("abc abc", ["abc"]));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Redact_Empty_ReturnsInput(string? input)
    {
        Assert.Equal(input, SecretRedactor.Redact(input!));
    }

    [Theory]
    [InlineData("key MY-OWN-SECRET/VALUE+1 rejected")]
    [InlineData("key my-own-secret/value+1 rejected")]
    [InlineData("key mY-oWn-SeCrEt/vAlUe+1 rejected")]
    [InlineData("key My-Own-Secret%2FValue%2B1 rejected")]
    [InlineData("key my-own-secret%2fvalue%2b1 rejected")]
    public void Redact_SecretInAnotherCaseOrPercentEncoded_IsMasked(string input)
    {
        Assert.Equal("key [REDACTED] rejected", SecretRedactor.Redact(input, ["My-Own-Secret/Value+1"]));
    }

    [Fact]
    public void Redact_SecretWithSpaceEncodedAsPlus_IsMasked()
    {
        // WebUtility.UrlEncode writes a space as '+', Uri.EscapeDataString as %20: both are masked.
        Assert.Equal("a=[REDACTED]&b=[REDACTED]", SecretRedactor.Redact("a=pass+phrase+one&b=pass%20phrase%20one", ["pass phrase one"]));
    }

    [Fact]
    public void UserInfoSecrets_EndpointWithUserAndPassword_ReturnsRawAndDecodedParts()
    {
        var secrets = SecretRedactor.UserInfoSecrets(new Uri("https://ad%40min:p%40ss-word@example.com/v1"));

        Assert.Contains("p%40ss-word", secrets);
        Assert.Contains("p@ss-word", secrets);
        Assert.Contains("ad@min", secrets);
        Assert.Empty(SecretRedactor.UserInfoSecrets(new Uri("https://example.com/v1")));
    }

    [Theory]
    [InlineData("https://user:pass@example.com/v1/chat?key=abc", "https://example.com")]
    [InlineData("http://user:pass@127.0.0.1:8080/x", "http://127.0.0.1:8080")]
    public void Origin_EndpointWithUserInfoPathAndQuery_KeepsSchemeHostAndPortOnly(string endpoint, string expected)
    {
        Assert.Equal(expected, SecretRedactor.Origin(new Uri(endpoint)));
    }
}
