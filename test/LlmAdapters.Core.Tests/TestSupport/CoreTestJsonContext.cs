using System.Text.Json.Serialization;

namespace LlmAdapters.Core.Tests.TestSupport;

internal sealed record TestBody([property: JsonPropertyName("text")] string Text);

[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(TestBody))]
internal sealed partial class CoreTestJsonContext : JsonSerializerContext;
