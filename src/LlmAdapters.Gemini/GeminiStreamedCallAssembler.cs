using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmAdapters.Gemini.Wire;

namespace LlmAdapters.Gemini;

/// <summary>
/// Reassembles function calls whose arguments Gemini streams piece by piece (Vertex and Gemini 3+ with
/// <c>streamFunctionCallArguments</c>): a part with the call's <c>name</c> and <c>willContinue</c> opens it, parts with
/// <c>partialArgs</c> (a JSON path and one value each) fill one argument object, and the call is complete at a part without
/// <c>willContinue</c> (usually an empty <c>functionCall</c>), at the next call's start, or when the candidate finishes.
/// Each logical call comes out once, as one whole <see cref="GeminiPart"/> carrying the signature of its first part, so it
/// maps and goes back in history like a call that arrived whole. One instance per stream; no I/O.
/// </summary>
internal sealed class GeminiStreamedCallAssembler
{
    private GeminiPart? _start;
    private JsonObject? _args;
    private string? _continuingPath;

    /// <summary>Gets a value indicating whether a call is open (started, not yet complete).</summary>
    public bool IsOpen => _start is not null;

    /// <summary>Whether <paramref name="call"/> is a piece of a streamed call rather than a whole call.</summary>
    public bool Handles(GeminiFunctionCall call) =>
        call.WillContinue == true || call.PartialArgs is not null || (IsOpen && string.IsNullOrEmpty(call.Name));

    /// <summary>Takes one piece; adds to <paramref name="completed"/> the calls it completes (the open one when a new one
    /// starts, and this one when it says no more follow).</summary>
    public void Accept(GeminiPart part, List<GeminiPart> completed)
    {
        var call = part.FunctionCall!;
        if (!string.IsNullOrEmpty(call.Name) || !IsOpen)
        {
            if (IsOpen)
            {
                completed.Add(Finish());
            }

            _start = part;
            _args = [];
        }

        if (call.PartialArgs is { } fragments)
        {
            foreach (var fragment in fragments)
            {
                Apply(fragment);
            }
        }

        if (call.WillContinue != true)
        {
            completed.Add(Finish());
        }
    }

    /// <summary>Completes the open call, if any (the terminal <c>{}</c> part can be missing before the finish reason).</summary>
    public GeminiPart? Flush() => IsOpen ? Finish() : null;

    private GeminiPart Finish()
    {
        var start = _start!;
        var args = JsonSerializer.SerializeToElement(_args!, GeminiJsonContext.Default.JsonObject);
        _start = null;
        _args = null;
        _continuingPath = null;
        return new GeminiPart
        {
            FunctionCall = new GeminiFunctionCall { Id = start.FunctionCall!.Id, Name = start.FunctionCall.Name, Args = args },
            ThoughtSignature = start.ThoughtSignature,
        };
    }

    private void Apply(GeminiPartialArg fragment)
    {
        if (fragment.JsonPath is not { } path || !TryParsePath(path, out var segments) || segments.Count == 0)
        {
            return; // A fragment without a usable path has nowhere to go.
        }

        JsonNode? value;
        if (fragment.StringValue is { } text)
        {
            // A string continues across fragments of the same path until one comes without willContinue.
            var existing = Get(_args!, segments);
            value = path == _continuingPath && existing is JsonValue soFar && soFar.TryGetValue<string>(out var head)
                ? JsonValue.Create(head + text)
                : JsonValue.Create(text);
        }
        else if (fragment.NumberValue is { } number)
        {
            value = JsonValue.Create(number);
        }
        else if (fragment.BoolValue is { } flag)
        {
            value = JsonValue.Create(flag);
        }
        else
        {
            value = null; // nullValue: "NULL_VALUE"
        }

        Set(_args!, segments, value);
        _continuingPath = fragment.WillContinue == true ? path : null;
    }

    private static JsonNode? Get(JsonObject root, List<PathSegment> segments)
    {
        JsonNode? node = root;
        foreach (var segment in segments)
        {
            node = segment.Key is { } key
                ? (node as JsonObject)?[key]
                : node is JsonArray array && segment.Index < array.Count ? array[segment.Index] : null;
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static void Set(JsonObject root, List<PathSegment> segments, JsonNode? value)
    {
        JsonNode container = root;
        for (var i = 0; i < segments.Count; i++)
        {
            var segment = segments[i];
            var last = i == segments.Count - 1;
            JsonNode? child = last ? value : segments[i + 1].Key is null ? new JsonArray() : new JsonObject();
            switch (container)
            {
                case JsonObject obj when segment.Key is { } key:
                    if (last || obj[key] is not (JsonObject or JsonArray))
                    {
                        obj[key] = child;
                    }

                    container = obj[key]!;
                    break;
                case JsonArray array when segment.Key is null:
                    while (array.Count <= segment.Index)
                    {
                        array.Add(null);
                    }

                    if (last || array[segment.Index] is not (JsonObject or JsonArray))
                    {
                        array[segment.Index] = child;
                    }

                    container = array[segment.Index]!;
                    break;
                default:
                    return; // The path disagrees with what earlier fragments built: keep what is there.
            }

            if (last)
            {
                return;
            }
        }
    }

    /// <summary>Parses the RFC 9535 subset Gemini sends: <c>$</c>, <c>.name</c>, <c>['name']</c> / <c>["name"]</c>, <c>[n]</c>.</summary>
    internal static bool TryParsePath(string path, out List<PathSegment> segments)
    {
        segments = [];
        if (!path.StartsWith('$'))
        {
            return false;
        }

        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] is not ('.' or '['))
                {
                    end++;
                }

                if (end == i + 1)
                {
                    return false;
                }

                segments.Add(new PathSegment(path[(i + 1)..end], 0));
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] is '\'' or '"')
            {
                var quote = path[i + 1];
                var name = new StringBuilder();
                var j = i + 2;
                for (; j < path.Length && path[j] != quote; j++)
                {
                    if (path[j] == '\\' && j + 1 < path.Length)
                    {
                        j++;
                    }

                    name.Append(path[j]);
                }

                if (j + 1 >= path.Length || path[j + 1] != ']')
                {
                    return false;
                }

                segments.Add(new PathSegment(name.ToString(), 0));
                i = j + 2;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    || index > 10_000)
                {
                    return false; // Bounded: a hostile index must not grow an array without limit.
                }

                segments.Add(new PathSegment(null, index));
                i = close + 1;
            }
            else
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>One step of a path: an object member (<see cref="Key"/>) or an array element (<see cref="Index"/>).</summary>
    internal readonly record struct PathSegment(string? Key, int Index);
}
