using System;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Offline;

/// <summary>
/// Starts the in-process <see cref="ProviderEmulator"/> the <c>chat</c>, <c>embed</c> and <c>count</c> commands answer from when no provider key is set,
/// with a default reply that echoes the prompt and says how to reach the real service.
/// </summary>
internal static class OfflineEmulator
{
    /// <summary>The key sent to the emulator (it requires one, as the real APIs do).</summary>
    public const string ApiKey = "offline-emulator-key";

    public static async Task<ProviderEmulator> StartAsync(LlmProviderInfo provider, string reason, CancellationToken cancellationToken)
    {
        var emulator = await ProviderEmulator.StartAsync(cancellationToken).ConfigureAwait(false);
        emulator.DefaultResponder = request => Reply(request, provider, reason);
        return emulator;
    }

    /// <summary>The offline answer: the prompt echoed back, with plausible token counts, streamed in word-sized chunks.</summary>
    internal static ScriptedReply Reply(CapturedRequest request, LlmProviderInfo provider, string reason)
    {
        var texts = Texts(request.Json);
        var prompt = texts.LastUser ?? "(no text)";
        var answer = $"You said: \"{prompt}\"\n\nThis answer comes from the LlmAdapters emulator on this machine ({reason}). " +
            (provider.RequiresApiKey && provider.ApiKeyEnvironmentVariable is { } variable
                ? $"Set {variable} to talk to {provider.DisplayName}."
                : $"Start {provider.DisplayName} locally to talk to it.");
        var reply = ScriptedReply.Text(answer).InChunks(Math.Clamp(answer.Length / 6, 1, 256));

        // A request without a conversation (an embedding) gets the emulator's own usage, counted from its input.
        return texts.LastUser is null
            ? reply
            : reply.WithUsage(input: Math.Max(1, texts.TotalLength / 4), output: Math.Max(1, answer.Length / 4));
    }

    /// <summary>Finds the last user text and the total prompt length in an OpenAI, Anthropic, Gemini or Ollama request body.</summary>
    internal static (string? LastUser, int TotalLength) Texts(JsonNode? body)
    {
        string? lastUser = null;
        var total = 0;
        if (body is not JsonObject root)
        {
            return (null, 0);
        }

        // OpenAI, Anthropic and Ollama: messages[{role, content: string | [{type:"text", text}]}]; Gemini: contents[{role, parts:[{text}]}];
        // OpenAI Responses: input[{role, content:[{type:"input_text", text}]}].
        var turns = root["messages"] as JsonArray ?? root["contents"] as JsonArray ?? root["input"] as JsonArray ?? [];
        foreach (var turn in turns.OfType<JsonObject>())
        {
            var text = TextOf(turn["content"]) ?? TextOf(turn["parts"]);
            if (text is null)
            {
                continue;
            }

            total += text.Length;
            if (turn["role"]?.GetValueKind() == JsonValueKind.String && turn["role"]!.GetValue<string>() == "user")
            {
                lastUser = text;
            }
        }

        total += (TextOf(root["system"]) ?? TextOf(root["instructions"]))?.Length ?? 0;
        return (lastUser, total);
    }

    private static string? TextOf(JsonNode? node)
    {
        switch (node)
        {
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case JsonArray parts:
                var sb = new StringBuilder();
                foreach (var part in parts.OfType<JsonObject>())
                {
                    if (part["text"] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
                    {
                        sb.Append(text.GetValue<string>());
                    }
                }

                return sb.Length == 0 ? null : sb.ToString();
            default:
                return null;
        }
    }
}
