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
}
