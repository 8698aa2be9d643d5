namespace LlmAdapters.Testing;

/// <summary>A whole response a dialect renders: an authentication or validation rejection, or an error body.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Body">The body text.</param>
/// <param name="ContentType">The content type. <value>The default is <c>application/json</c>.</value></param>
public sealed record DialectResponse(int Status, string Body, string ContentType = "application/json");
