using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>Code execution parts ↔ Microsoft.Extensions.AI's code-interpreter contents, and Google Search grounding
/// metadata → <see cref="CitationAnnotation"/>s on the answer text.</summary>
internal static partial class GeminiResponseMapper
{
    /// <summary>The prefix of code-execution ids this adapter makes up (Gemini's parts usually have none).</summary>
    internal const string GeneratedCodeIdPrefix = "gcode_";

    /// <summary>The tool name citations from Google Search grounding carry.</summary>
    internal const string GoogleSearchToolName = "googleSearch";

    private static string GeneratedCodeId(string? responseId, string? wireId, int index) =>
        !string.IsNullOrEmpty(wireId)
            ? wireId
            : string.Concat(GeneratedCodeIdPrefix, responseId, responseId is null ? null : "_", index.ToString(CultureInfo.InvariantCulture));

    private static CodeInterpreterToolCallContent CodeCallOf(GeminiExecutableCode code, string id)
    {
        var mediaType = code.Language is null or "PYTHON" ? "text/x-python" : "text/plain";
        return new CodeInterpreterToolCallContent(id) { Inputs = [new DataContent(Encoding.UTF8.GetBytes(code.Code ?? string.Empty), mediaType)] };
    }

    private static CodeInterpreterToolResultContent CodeResultOf(GeminiCodeExecutionResult result, string id)
    {
        AIContent output = result.Outcome is null or "OUTCOME_OK"
            ? new TextContent(result.Output ?? string.Empty)
            : new ErrorContent(string.IsNullOrEmpty(result.Output) ? $"The code did not complete ({result.Outcome})." : result.Output) { ErrorCode = result.Outcome };
        return new CodeInterpreterToolResultContent(id) { Outputs = [output] };
    }

    /// <summary>The candidate's <c>groundingMetadata</c>, when it has any.</summary>
    internal static JsonElement? GroundingOf(GeminiCandidate? candidate) =>
        candidate?.Extra is { } extra && extra.TryGetValue("groundingMetadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
            ? metadata
            : null;

    /// <summary>Puts each grounding support's citations on the text of the part it points at, with the cited span in
    /// characters (Gemini gives UTF-8 byte offsets within the part).</summary>
    private static void AttachCitations(JsonElement grounding, AIContent?[] byPart)
    {
        foreach (var (partIndex, start, end, citation) in CitationsOf(grounding))
        {
            var target = (uint)partIndex < (uint)byPart.Length ? byPart[partIndex] as TextContent : null;
            target ??= byPart.OfType<TextContent>().FirstOrDefault();
            if (target is null)
            {
                continue;
            }

            if (SpanOf(target.Text, start, end, citation.Snippet) is { } span)
            {
                citation.AnnotatedRegions = [span];
            }

            (target.Annotations ??= []).Add(citation);
        }
    }

    /// <summary>The grounding metadata's citations: one per (support, chunk) pair, or one per chunk when no supports came.
    /// Streams attach them without spans (the text arrived in earlier chunks).</summary>
    internal static List<(int PartIndex, int? StartByte, int? EndByte, CitationAnnotation Citation)> CitationsOf(JsonElement grounding)
    {
        var result = new List<(int, int?, int?, CitationAnnotation)>();
        var chunks = grounding.TryGetProperty("groundingChunks", out var c) && c.ValueKind == JsonValueKind.Array ? c : default;
        if (grounding.TryGetProperty("groundingSupports", out var supports) && supports.ValueKind == JsonValueKind.Array && supports.GetArrayLength() > 0)
        {
            foreach (var support in supports.EnumerateArray())
            {
                var segment = support.TryGetProperty("segment", out var seg) && seg.ValueKind == JsonValueKind.Object ? seg : default;
                var partIndex = Int(segment, "partIndex") ?? 0;
                var snippet = Str(segment, "text");
                var indices = support.TryGetProperty("groundingChunkIndices", out var i) ? i
                    : support.TryGetProperty("supportChunkIndices", out var older) ? older : default;
                if (indices.ValueKind != JsonValueKind.Array)
                {
                    continue;
                }

                foreach (var index in indices.EnumerateArray())
                {
                    if (index.ValueKind == JsonValueKind.Number && index.TryGetInt32(out var n) && Chunk(chunks, n) is { } chunk)
                    {
                        var citation = CitationOf(chunk, support);
                        citation.Snippet = snippet;
                        result.Add((partIndex, Int(segment, "startIndex") ?? 0, Int(segment, "endIndex"), citation));
                    }
                }
            }
        }
        else if (chunks.ValueKind == JsonValueKind.Array)
        {
            foreach (var chunk in chunks.EnumerateArray())
            {
                result.Add((0, null, null, CitationOf(chunk, chunk)));
            }
        }

        return result;
    }

    private static JsonElement? Chunk(JsonElement chunks, int index) =>
        chunks.ValueKind == JsonValueKind.Array && (uint)index < (uint)chunks.GetArrayLength() ? chunks[index] : null;

    private static CitationAnnotation CitationOf(JsonElement chunk, JsonElement raw)
    {
        var citation = new CitationAnnotation { RawRepresentation = raw };
        JsonElement source = default;
        if (chunk.ValueKind == JsonValueKind.Object)
        {
            if (chunk.TryGetProperty("web", out source))
            {
                citation.ToolName = GoogleSearchToolName;
            }
            else if (!chunk.TryGetProperty("retrievedContext", out source))
            {
                chunk.TryGetProperty("maps", out source);
            }
        }

        citation.Title = Str(source, "title");
        if (Str(source, "uri") is { } uri && Uri.TryCreate(uri, UriKind.Absolute, out var url))
        {
            citation.Url = url;
        }

        return citation;
    }

    /// <summary>
    /// The characters of <paramref name="text"/> a grounding segment covers: its UTF-8 byte offsets converted, when the text
    /// there is the segment's own text (or it has none); otherwise the first place that text occurs; otherwise none.
    /// </summary>
    internal static TextSpanAnnotatedRegion? SpanOf(string text, int? startByte, int? endByte, string? snippet)
    {
        if (startByte is { } s && endByte is { } e && e >= s)
        {
            var start = CharIndex(text, s);
            var end = CharIndex(text, e);
            if (snippet is null || text.AsSpan(start, end - start).SequenceEqual(snippet.AsSpan()))
            {
                return new TextSpanAnnotatedRegion { StartIndex = start, EndIndex = end };
            }
        }

        var found = string.IsNullOrEmpty(snippet) ? -1 : text.IndexOf(snippet, StringComparison.Ordinal);
        return found < 0 ? null : new TextSpanAnnotatedRegion { StartIndex = found, EndIndex = found + snippet!.Length };
    }

    /// <summary>The character index in <paramref name="text"/> of a UTF-8 byte offset (clamped to the text).</summary>
    internal static int CharIndex(string text, int byteOffset)
    {
        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (bytes >= byteOffset)
            {
                return i;
            }

            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                bytes += 4;
                i++;
                if (bytes >= byteOffset)
                {
                    return i + 1;
                }

                continue;
            }

            bytes += text[i] < 0x80 ? 1 : text[i] < 0x800 ? 2 : 3;
        }

        return text.Length;
    }

    private static int? Int(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;

    private static string? Str(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
