using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;

namespace LlmAdapters.Cli;

/// <summary>How <c>--json</c> output is written: one line per object, characters kept as they are (quotes as <c>\"</c>, not
/// <c>\u0022</c>): the output goes to a script or a terminal, never into HTML.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions s_options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(CliContext context, JsonNode node) => context.Output.WriteLineAsync(node.ToJsonString(s_options));
}
