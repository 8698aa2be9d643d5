using System;
using System.Buffers;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmAdapters.Gemini.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Gemini;

/// <summary>What the request mapper needs to know about the connection, kept small so the mapper stays pure.</summary>
/// <param name="Model">The model id the request goes to.</param>
/// <param name="FilesRoot">The Files API root used to expand <c>files/abc</c> ids.</param>
/// <param name="CacheResource">Expands a cache name into the resource name the back end expects.</param>
internal readonly record struct GeminiRequestContext(string Model, string FilesRoot, Func<string, string> CacheResource);

/// <summary>MEAI messages and options → <c>generateContent</c> body. Pure: no I/O.</summary>
internal static partial class GeminiRequestMapper
{
    /// <summary>The placeholder Gemini accepts instead of a real signature on a function call it did not produce.</summary>
    public const string SkipSignature = "skip_thought_signature_validator";

    /// <summary>Prefix of call ids this adapter invents when Gemini sends none; those are never sent back as <c>id</c>.</summary>
    public const string GeneratedCallIdPrefix = "gcall_";

    /// <summary>Marks a reasoning item that stands for an empty, non-thought text part carrying only a <c>thoughtSignature</c>.</summary>
    public const string SignatureOnlyTextPart = "gemini.signature_only_text_part";

    public static GeminiRequest ToWireRequest(IEnumerable<ChatMessage> messages, ChatOptions? options, in GeminiRequestContext context, GeminiRequest? start = null)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var request = start ?? new GeminiRequest();
        var list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        string? cacheName = options?.AdditionalProperties?.TryGetValue(AdditionalPropertyKeys.ContextCacheName, out var cacheValue) == true
            ? cacheValue?.ToString()
            : null;

        if (request.Contents.Count == 0)
        {
            MapMessages(list, options?.Instructions, request, context);
            if (request.Contents.Count == 0)
            {
                throw new ArgumentException(
                    "Gemini needs at least one user or assistant message with content; system messages alone become systemInstruction.",
                    nameof(messages));
            }
        }

        if (cacheName is not null)
        {
            // A cached prefix holds its own instructions and tools; Gemini rejects a request that repeats them.
            request.CachedContent ??= context.CacheResource(cacheName);
            request.SystemInstruction = null;
        }
        else if (options is not null)
        {
            MapTools(options, request);
        }

        if (options is not null)
        {
            MapGenerationConfig(options, request, context.Model);
            MapExtras(options, request);
        }
        else
        {
            (request.GenerationConfig ??= new()).CandidateCount ??= 1;
        }

        return request;
    }

    /// <summary>Maps the conversation into <c>contents</c> and <c>systemInstruction</c>.</summary>
    public static void MapMessages(IReadOnlyList<ChatMessage> messages, string? instructions, GeminiRequest request, in GeminiRequestContext context)
    {
        List<GeminiPart>? system = null;
        if (!string.IsNullOrEmpty(instructions))
        {
            system = [new GeminiPart { Text = instructions }];
        }

        var callNames = CollectCallNames(messages);
        foreach (var message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system ??= [];
                AddParts(message, system, callNames, context);
                continue;
            }

            var role = message.Role == ChatRole.Assistant ? "model" : "user";
            var parts = new List<GeminiPart>(message.Contents.Count);
            AddParts(message, parts, callNames, context);
            if (parts.Count == 0)
            {
                continue;
            }

            if (role == "model")
            {
                ApplySkipSignature(parts);
            }

            request.Contents.Add(new GeminiContent { Role = role, Parts = parts });
        }

        if (system is { Count: > 0 } && request.SystemInstruction is null)
        {
            request.SystemInstruction = new GeminiContent { Parts = system };
        }
    }

    private static Dictionary<string, string> CollectCallNames(IReadOnlyList<ChatMessage> messages)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            foreach (var content in message.Contents)
            {
                if (content is FunctionCallContent call && !string.IsNullOrEmpty(call.CallId))
                {
                    names[call.CallId] = call.Name;
                }
            }
        }

        return names;
    }

    private static void AddParts(ChatMessage message, List<GeminiPart> parts, Dictionary<string, string> callNames, in GeminiRequestContext context)
    {
        foreach (var content in message.Contents)
        {
            if (ToWirePart(content, callNames, context) is { } part)
            {
                parts.Add(part);
            }
        }
    }

    /// <summary>Gemini 3 validates the signature of the first function call of each model step. A call without one (from
    /// another provider after a fallback, a hand-built history, an older model, or one whose signature was stripped) gets
    /// the documented placeholder instead of failing with 400. Later calls of a parallel step never carry one and are left alone.</summary>
    private static void ApplySkipSignature(List<GeminiPart> parts)
    {
        var part = parts.Find(p => p.FunctionCall is not null);
        if (part is not null && part.ThoughtSignature is null)
        {
            part.ThoughtSignature = SkipSignature;
        }
    }

    /// <summary>One MEAI content → one Gemini part, or null for contents that are not sent (usage, errors).</summary>
    public static GeminiPart? ToWirePart(AIContent content, IReadOnlyDictionary<string, string> callNames, in GeminiRequestContext context)
    {
        switch (content)
        {
            case TextReasoningContent reasoning:
                return reasoning.AdditionalProperties?.ContainsKey(SignatureOnlyTextPart) == true
                    ? new GeminiPart { Text = reasoning.Text, ThoughtSignature = reasoning.ProtectedData }
                    : new GeminiPart { Text = reasoning.Text, Thought = true, ThoughtSignature = reasoning.ProtectedData };
            case TextContent text:
                // An empty text without a signature carries nothing (a streamed answer's grounding citations sit on one),
                // and the API refuses empty text parts.
                var signature = SignatureOf(text);
                return text.Text.Length == 0 && signature is null ? null : new GeminiPart { Text = text.Text, ThoughtSignature = signature };
            case DataContent data:
                return new GeminiPart
                {
                    InlineData = new GeminiBlob { MimeType = data.MediaType, Data = data.Base64Data.ToString() },
                    ThoughtSignature = SignatureOf(data),
                };
            case UriContent uri:
                return new GeminiPart { FileData = new GeminiFileData { MimeType = uri.MediaType, FileUri = uri.Uri.OriginalString } };
            case HostedFileContent file:
                return new GeminiPart { FileData = new GeminiFileData { MimeType = file.MediaType, FileUri = ExpandFileId(file.FileId, context.FilesRoot) } };
            case FunctionCallContent call:
                return new GeminiPart
                {
                    FunctionCall = new GeminiFunctionCall
                    {
                        Id = WireCallId(call.CallId),
                        Name = call.Name,
                        Args = ArgumentsToJson(call.Arguments),
                    },
                    ThoughtSignature = SignatureOf(call),
                };
            case FunctionResultContent result:
                if (!callNames.TryGetValue(result.CallId, out var name))
                {
                    throw new ArgumentException(
                        $"The FunctionResultContent with CallId '{result.CallId}' has no FunctionCallContent with that CallId earlier in the conversation. " +
                        "Gemini needs the function name with each result: keep the assistant message holding the call in the history.");
                }

                return new GeminiPart
                {
                    FunctionResponse = new GeminiFunctionResponse { Id = WireCallId(result.CallId), Name = name, Response = ResultToJson(result) },
                };
            default:
                // Parts this adapter produced but MEAI has no type for (code execution, …) go back exactly as received.
                return content.RawRepresentation as GeminiPart;
        }
    }

    private static string? SignatureOf(AIContent content) =>
        content.AdditionalProperties?.TryGetValue(AdditionalPropertyKeys.ThoughtSignature, out var value) == true ? value as string : null;

    private static string? WireCallId(string? callId) =>
        string.IsNullOrEmpty(callId) || callId.StartsWith(GeneratedCallIdPrefix, StringComparison.Ordinal) ? null : callId;

    private static string ExpandFileId(string fileId, string filesRoot) =>
        fileId.StartsWith("files/", StringComparison.Ordinal) ? filesRoot + fileId : fileId;

    internal static JsonElement ArgumentsToJson(IDictionary<string, object?>? arguments)
    {
        if (arguments is null || arguments.Count == 0)
        {
            return EmptyObject;
        }

        return JsonSerializer.SerializeToElement(arguments, AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));
    }

    /// <summary><c>functionResponse.response</c> must be an object: <c>{"output": …}</c> on success, <c>{"error": …}</c> on failure.</summary>
    internal static JsonElement ResultToJson(FunctionResultContent result)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (result.Exception is { } exception && result.Result is null)
            {
                writer.WriteString("error", exception.Message);
            }
            else
            {
                writer.WritePropertyName("output");
                switch (result.Result)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case JsonElement element:
                        element.WriteTo(writer);
                        break;
                    case string text:
                        writer.WriteStringValue(text);
                        break;
                    default:
                        JsonSerializer.Serialize(writer, result.Result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.Result.GetType()));
                        break;
                }
            }

            writer.WriteEndObject();
        }

        return JsonElement.Parse(buffer.WrittenSpan);
    }

    internal static JsonElement EmptyObject { get; } = JsonElement.Parse("{}");
}
