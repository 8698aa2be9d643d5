using System.Text;

namespace LlmAdapters.Core.Tests.TestSupport;

/// <summary>The delivery matrix every stream decoder runs over: CR / LF / CRLF line endings × whole / trickled reads.</summary>
internal static class LineEndings
{
    public static TheoryData<string, bool> Matrix()
    {
        var data = new TheoryData<string, bool>();
        foreach (var ending in new[] { "CR", "LF", "CRLF" })
        {
            data.Add(ending, false);
            data.Add(ending, true);
        }

        return data;
    }

    /// <summary>Rewrites a text written with <c>\n</c> line ends to the named line ending.</summary>
    public static string Apply(string text, string ending) => ending switch
    {
        "CR" => text.Replace("\n", "\r", StringComparison.Ordinal),
        "LF" => text,
        "CRLF" => text.Replace("\n", "\r\n", StringComparison.Ordinal),
        _ => throw new ArgumentOutOfRangeException(nameof(ending)),
    };

    public static TrickleStream Stream(string text, string ending, bool trickled, bool failAtEnd = false)
    {
        var bytes = Encoding.UTF8.GetBytes(Apply(text, ending));
        return new TrickleStream(bytes, trickled ? 1 : bytes.Length + 1, failAtEnd);
    }
}
