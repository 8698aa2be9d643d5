using System.Text.Json.Serialization;

namespace LlmAdapters.Benchmarks.Harness;

[JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
