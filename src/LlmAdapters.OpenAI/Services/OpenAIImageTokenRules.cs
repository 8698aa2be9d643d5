using System;
using System.Buffers.Binary;
using System.Linq;

namespace LlmAdapters.OpenAI;

/// <summary>
/// The token cost of an image input, by OpenAI's tile rule: low detail is a fixed base; high (and auto) detail scales the
/// image to fit 2048×2048, then its shorter side down to 768, and adds a cost per 512-pixel tile. GPT-4o mini uses its own,
/// larger base and tile costs. The size is read from PNG, GIF and JPEG headers; an image whose size cannot be read counts
/// as 2×2 tiles (an estimate).
/// </summary>
internal static class OpenAIImageTokenRules
{
    public static int Count(string model, ReadOnlySpan<byte> bytes, string? detail)
    {
        var mini = model.StartsWith("gpt-4o-mini", StringComparison.OrdinalIgnoreCase);
        var (baseTokens, tileTokens) = mini ? (2833, 5667) : (85, 170);
        if (string.Equals(detail, "low", StringComparison.OrdinalIgnoreCase))
        {
            return baseTokens;
        }

        var tiles = TryReadSize(bytes, out var width, out var height) ? Tiles(width, height) : 4;
        return baseTokens + (tileTokens * tiles);
    }

    internal static int Tiles(double width, double height)
    {
        if (width > 2048 || height > 2048)
        {
            var scale = 2048 / Math.Max(width, height);
            width *= scale;
            height *= scale;
        }

        if (Math.Min(width, height) > 768)
        {
            var scale = 768 / Math.Min(width, height);
            width *= scale;
            height *= scale;
        }

        return (int)(Math.Ceiling(width / 512) * Math.Ceiling(height / 512));
    }

    internal static bool TryReadSize(ReadOnlySpan<byte> bytes, out int width, out int height)
    {
        width = height = 0;
        if (bytes.Length >= 24 && bytes[..8].SequenceEqual((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            width = BinaryPrimitives.ReadInt32BigEndian(bytes[16..]);
            height = BinaryPrimitives.ReadInt32BigEndian(bytes[20..]);
            return width > 0 && height > 0;
        }

        if (bytes.Length >= 10 && bytes[0] == (byte)'G' && bytes[1] == (byte)'I' && bytes[2] == (byte)'F')
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(bytes[6..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(bytes[8..]);
            return width > 0 && height > 0;
        }

        return bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && TryReadJpegSize(bytes, out width, out height);
    }

    private static bool TryReadJpegSize(ReadOnlySpan<byte> bytes, out int width, out int height)
    {
        width = height = 0;
        var i = 2;
        while (i + 9 < bytes.Length && bytes[i] == 0xFF)
        {
            var marker = bytes[i + 1];
            var length = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 2)..]);

            // SOF0..SOF15 carry the frame size, except DHT (C4), JPG (C8) and DAC (CC).
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                height = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(bytes[(i + 7)..]);
                return width > 0 && height > 0;
            }

            i += 2 + length;
        }

        return false;
    }
}
