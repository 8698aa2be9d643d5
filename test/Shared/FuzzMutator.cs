using System.Text;

namespace LlmAdapters.Fuzzing;

/// <summary>
/// Seeded mutations of a recorded-shape response body: every case is a pure function of (seed, index), so a failure
/// names the case that reproduces it. The mutations are the ones a broken proxy or a hostile server produces.
/// </summary>
internal static class FuzzMutator
{
    /// <summary>Cases per provider and path: a few hundred in CI; <c>LLMADAPTERS_FUZZ_CASES=10000</c> for the long run.</summary>
    public static int Cases => int.TryParse(Environment.GetEnvironmentVariable("LLMADAPTERS_FUZZ_CASES"), out var n) && n > 0 ? n : 200;

    private static readonly string[] Odd =
    [
        "null", "\"\"", "\" \"", "[]", "{}", "[null]", "true", "-1", "0", "1e999", "-1e999", "99999999999999999999999999",
        "9223372036854775808", "1.5", "\"\\ud800\"", "\"\\udc00x\"", "\"not base64!\"", "\"http://[::1\"", "\"??\"",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    ];

    /// <summary>Returns the mutated bytes of case <paramref name="index"/>; <paramref name="kind"/> names the mutation.</summary>
    public static byte[] Mutate(byte[] body, int seed, int index, out string kind)
    {
        var random = new Random(HashCode.Combine(seed, index));
        var bytes = body.ToList();
        switch (index % 12)
        {
            case 0:
                kind = "byte flips";
                for (var i = random.Next(1, 6); i > 0 && bytes.Count > 0; i--)
                {
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                }

                break;
            case 1:
                kind = "truncation";
                bytes = bytes.Take(random.Next(bytes.Count + 1)).ToList();
                break;
            case 2:
                kind = "duplicated line";
                return Lines(body, random, duplicate: true);
            case 3:
                kind = "removed line";
                return Lines(body, random, duplicate: false);
            case 4:
                kind = "invalid UTF-8";
                bytes.InsertRange(InsideString(bytes, random), new byte[][] { [0xC3], [0xFF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80] }[random.Next(4)]);
                break;
            case 5:
            case 6:
            case 7:
                kind = "wrong type, null or odd value";
                return ReplaceValue(body, random, Odd[random.Next(Odd.Length)]);
            case 8:
                kind = "huge number";
                return ReplaceValue(body, random, random.Next(2) == 0 ? "1" + new string('9', 400) : "-1e308");
            case 9:
                kind = "deep nesting";
                return ReplaceValue(body, random, new string('[', 5000) + new string(']', 5000));
            case 10:
                kind = "10 MB line";
                return ReplaceValue(body, random, "\"" + new string('a', 10 * 1024 * 1024) + "\"");
            default:
                kind = "swapped bytes";
                for (var i = random.Next(1, 4); i > 0 && bytes.Count > 1; i--)
                {
                    var a = random.Next(bytes.Count);
                    var b = random.Next(bytes.Count);
                    (bytes[a], bytes[b]) = (bytes[b], bytes[a]);
                }

                break;
        }

        return [.. bytes];
    }

    private static byte[] Lines(byte[] body, Random random, bool duplicate)
    {
        var lines = Encoding.UTF8.GetString(body).Split('\n').ToList();
        var at = random.Next(lines.Count);
        if (duplicate)
        {
            lines.Insert(at, lines[at]);
        }
        else
        {
            lines.RemoveAt(at);
        }

        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    // Replaces one JSON value (the text after a ':' up to the next ',' or '}') with another.
    private static byte[] ReplaceValue(byte[] body, Random random, string replacement)
    {
        var text = Encoding.UTF8.GetString(body);
        var colons = Enumerable.Range(0, text.Length).Where(i => text[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return Encoding.UTF8.GetBytes(replacement + text);
        }

        var start = colons[random.Next(colons.Count)] + 1;
        var end = start;
        var depth = 0;
        var inString = false;
        for (; end < text.Length; end++)
        {
            var c = text[end];
            if (inString)
            {
                if (c == '\\')
                {
                    end++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']' or ',' or '\n')
            {
                if (depth == 0)
                {
                    break;
                }

                if (c is '}' or ']')
                {
                    depth--;
                }
            }
        }

        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, start), replacement, text.AsSpan(end)));
    }

    private static int InsideString(List<byte> bytes, Random random)
    {
        var quotes = Enumerable.Range(0, bytes.Count).Where(i => bytes[i] == (byte)'"').ToList();
        return quotes.Count == 0 ? random.Next(bytes.Count + 1) : quotes[random.Next(quotes.Count)] + 1;
    }
}
