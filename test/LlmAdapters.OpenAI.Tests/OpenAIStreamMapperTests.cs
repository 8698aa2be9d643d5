using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAIStreamMapperTests
{
    private static List<ChatResponseUpdate> Run(OpenAICompatibility? compat, params string[] events)
    {
        var decoder = new OpenAIStreamDecoder();
        var mapper = new OpenAIStreamMapper(compat ?? new OpenAICompatibility());
        var updates = new List<ChatResponseUpdate>();
        foreach (var data in events)
        {
            var chunk = decoder.Parse("message"u8, Encoding.UTF8.GetBytes(data));
            if (chunk.IsDone)
            {
                if (mapper.Complete() is { } last)
                {
                    updates.Add(last);
                }

                break;
            }

            if (mapper.FromStreamEvent(chunk) is { } update)
            {
                updates.Add(update);
            }
        }

        return updates;
    }

    private static UsageDetails Usage(List<ChatResponseUpdate> updates) =>
        Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>()).Details;

    [Fact]
    public void FromStreamEvent_TextDeltas_YieldTextWithIdsModelAndCreated()
    {
        var updates = Run(null,
            """{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1770933892,"model":"gpt-4.1-nano","choices":[{"index":0,"delta":{"role":"assistant","content":"","refusal":null},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":"Qup1"}""",
            """{"id":"chatcmpl-1","created":1770933892,"model":"gpt-4.1-nano","choices":[{"index":0,"delta":{"content":"Hol"},"finish_reason":null}],"usage":null}""",
            """{"id":"chatcmpl-1","created":1770933892,"model":"gpt-4.1-nano","choices":[{"index":0,"delta":{"content":"iday"},"finish_reason":null}],"usage":null}""",
            """{"id":"chatcmpl-1","created":1770933892,"model":"gpt-4.1-nano","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}""",
            """{"id":"chatcmpl-1","created":1770933892,"model":"gpt-4.1-nano","choices":[],"usage":{"prompt_tokens":16,"completion_tokens":300,"total_tokens":316,"prompt_tokens_details":{"cached_tokens":4,"audio_tokens":0},"completion_tokens_details":{"reasoning_tokens":0}}}""",
            "[DONE]");

        Assert.Equal("Holiday", string.Concat(updates.Select(u => u.Text)));
        Assert.All(updates, u => Assert.Equal("chatcmpl-1", u.ResponseId));
        Assert.Equal("gpt-4.1-nano", updates[0].ModelId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1770933892), updates[0].CreatedAt);
        Assert.Equal(ChatFinishReason.Stop, updates[2].FinishReason);
        Assert.Same(updates[0].ResponseId, updates[1].ResponseId);
        Assert.Same(updates[0].ModelId, updates[1].ModelId);
        var usage = Usage(updates);
        Assert.Equal(16, usage.InputTokenCount);
        Assert.Equal(300, usage.OutputTokenCount);
        Assert.Equal(316, usage.TotalTokenCount);
        Assert.Equal(4, usage.CachedInputTokenCount);
        Assert.NotNull(updates[0].RawRepresentation);
    }

    [Fact]
    public void FromStreamEvent_ParallelInterleavedToolCallDeltas_AssemblesEachCall()
    {
        var updates = Run(null,
            """{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"weather","arguments":""}}]}}]}""",
            """{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"time","arguments":""}}]}}]}""",
            """{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}}]}""",
            """{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"function":{"arguments":"{\"tz\":\"UTC\"}"}}]}}]}""",
            """{"id":"c","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}}]}""",
            """{"id":"c","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(2, calls.Count);
        Assert.Equal(("call_a", "weather"), (calls[0].CallId, calls[0].Name));
        Assert.Equal("Paris", ((JsonElement)calls[0].Arguments!["city"]!).GetString());
        Assert.Equal(("call_b", "time"), (calls[1].CallId, calls[1].Name));
        Assert.Equal("UTC", ((JsonElement)calls[1].Arguments!["tz"]!).GetString());
        Assert.Equal(ChatFinishReason.ToolCalls, updates.Single(u => u.FinishReason is not null).FinishReason);
    }

    [Fact]
    public void FromStreamEvent_MistralWholeCallsWithoutIndex_StartsANewCallPerId()
    {
        var updates = Run(null,
            """{"id":"m","model":"mistral-large","choices":[{"index":0,"delta":{"content":null,"tool_calls":[{"id":"gSIMJiOkT","function":{"name":"weather","arguments":"{\"location\": \"San Francisco\"}"}},{"id":"hTJNKjPlU","function":{"name":"weather","arguments":"{\"location\": \"Paris\"}"}}]},"finish_reason":"tool_calls"}],"usage":{"prompt_tokens":70,"completion_tokens":40,"total_tokens":110}}""",
            "[DONE]");

        var calls = updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().ToList();
        Assert.Equal(["gSIMJiOkT", "hTJNKjPlU"], calls.Select(c => c.CallId));
        Assert.Equal("Paris", ((JsonElement)calls[1].Arguments!["location"]!).GetString());
        Assert.Equal(110, Usage(updates).TotalTokenCount);
    }

    [Fact]
    public void FromStreamEvent_NewIdOnReusedIndex_IsASeparateCall()
    {
        var updates = Run(null,
            """{"id":"g","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"a","arguments":"{}"}}]}}]}""",
            """{"id":"g","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_2","type":"function","function":{"name":"b","arguments":"{}"}}]}}]}""",
            """{"id":"g","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        Assert.Equal(["a", "b"], updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>().Select(c => c.Name));
    }

    [Fact]
    public void FromStreamEvent_InvalidArgumentJson_CarriesExceptionInsteadOfThrowing()
    {
        var updates = Run(null,
            """{"id":"x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_bad","type":"function","function":{"name":"f","arguments":"{\"a\": tru"}}]},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.NotNull(call.Exception);
        Assert.Equal("call_bad", call.CallId);
    }

    [Fact]
    public void FromStreamEvent_EmptyArguments_ParseAsEmptyObject()
    {
        var updates = Run(null,
            """{"id":"x","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"c","type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":"tool_calls"}]}""",
            "[DONE]");

        var call = Assert.Single(updates.SelectMany(u => u.Contents).OfType<FunctionCallContent>());
        Assert.Null(call.Exception);
        Assert.Empty(call.Arguments!);
    }

    [Fact]
    public void FromStreamEvent_DeepSeekReasoningContentAndUsageOnFinishChunk_MapsReasoningAndUsage()
    {
        var updates = Run(null,
            """{"id":"d","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"role":"assistant","content":null,"reasoning_content":""},"finish_reason":null}]}""",
            """{"id":"d","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":null,"reasoning_content":"Let me think"},"finish_reason":null}]}""",
            """{"id":"d","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"Answer","reasoning_content":null},"finish_reason":null}]}""",
            """{"id":"d","model":"deepseek-reasoner","choices":[{"index":0,"delta":{"content":"","reasoning_content":null},"finish_reason":"stop"}],"usage":{"prompt_tokens":18,"completion_tokens":219,"total_tokens":237,"prompt_tokens_details":{"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":205},"prompt_cache_hit_tokens":0,"prompt_cache_miss_tokens":18}}""",
            "[DONE]");

        Assert.Equal("Let me think", Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>()).Text);
        Assert.Equal("Answer", string.Concat(updates.Select(u => u.Text)));
        var usage = Usage(updates);
        Assert.Equal((18L, 219L, 237L, 205L), (usage.InputTokenCount!.Value, usage.OutputTokenCount!.Value, usage.TotalTokenCount!.Value, usage.ReasoningTokenCount!.Value));
    }

    [Fact]
    public void FromStreamEvent_XaiReasoningOutsideCompletion_AddsReasoningToOutput()
    {
        var compat = OpenAIPresets.XAI.CreateOptions(apiKey: "k").Compatibility;

        var updates = Run(compat,
            """{"id":"x","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":307,"completion_tokens":26,"total_tokens":560,"completion_tokens_details":{"reasoning_tokens":227}}}""",
            "[DONE]");

        var usage = Usage(updates);
        Assert.Equal(253, usage.OutputTokenCount);
        Assert.Equal(227, usage.ReasoningTokenCount);
        Assert.Equal(560, usage.TotalTokenCount);
    }

    [Fact]
    public void FromStreamEvent_OpenRouterReasoningCostAndCacheWrites_AreSurfaced()
    {
        var updates = Run(null,
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning":"hmm"},"finish_reason":null}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}],"usage":{"prompt_tokens":194,"completion_tokens":2,"total_tokens":196,"cost":0.95,"prompt_tokens_details":{"cached_tokens":50,"cache_write_tokens":100}}}""",
            "[DONE]");

        Assert.Equal("hmm", Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>()).Text);
        var last = updates[^1];
        Assert.Equal(0.95m, last.AdditionalProperties![AdditionalPropertyKeys.ProviderReportedCost]);
        var usage = Usage(updates);
        Assert.Equal(50, usage.CachedInputTokenCount);
        Assert.Equal(100, usage.AdditionalCounts![AdditionalPropertyKeys.CacheWriteInputTokens]);
    }

    [Fact]
    public void FromStreamEvent_OpenRouterReasoningDetailFragments_AreMergedIntoProtectedData()
    {
        var updates = Run(null,
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning":"Let ","reasoning_details":[{"type":"reasoning.text","text":"Let ","index":0,"format":"anthropic-claude-v1"}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning":"me see","reasoning_details":[{"type":"reasoning.text","text":"me see","index":0}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.text","text":"","signature":"sig-1","index":0}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"content":"42"},"finish_reason":"stop"}]}""",
            "[DONE]");

        var reasoning = updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>().ToList();
        Assert.Equal("Let me see", string.Concat(reasoning.Select(r => r.Text)));
        var merged = Assert.Single(reasoning, r => r.ProtectedData is not null).ProtectedData;
        OpenAITestSupport.AssertJsonEqual(
            """[{"type":"reasoning.text","text":"Let me see","index":0,"format":"anthropic-claude-v1","signature":"sig-1"}]""",
            System.Text.Json.Nodes.JsonNode.Parse(merged!));
    }

    [Fact]
    public void FromStreamEvent_ReasoningDetailFragmentsOfSeveralEntries_MergeEachTextFieldInOrder()
    {
        var updates = Run(null,
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.summary","summary":"A","index":0},{"type":"reasoning.text","text":"x","index":1}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.summary","summary":"B","index":0}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.text","text":"y","index":1},{"type":"reasoning.summary","summary":"C","index":0}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"reasoning_details":[{"type":"reasoning.text","text":"z","signature":"s","index":1}]}}]}""",
            """{"id":"o","choices":[{"index":0,"delta":{"content":"ok"},"finish_reason":"stop"}]}""",
            "[DONE]");

        var merged = Assert.Single(updates.SelectMany(u => u.Contents).OfType<TextReasoningContent>(), r => r.ProtectedData is not null).ProtectedData;
        OpenAITestSupport.AssertJsonEqual(
            """[{"type":"reasoning.summary","summary":"ABC","index":0},{"type":"reasoning.text","text":"xyz","index":1,"signature":"s"}]""",
            System.Text.Json.Nodes.JsonNode.Parse(merged!));
    }

    [Fact]
    public void FromStreamEvent_Logprobs_AreOnTheUpdate()
    {
        var updates = Run(null,
            """{"id":"l","choices":[{"index":0,"delta":{"content":"Hi"},"logprobs":{"content":[{"token":"Hi","logprob":-0.5,"bytes":[72,105],"top_logprobs":[]}]},"finish_reason":null}]}""",
            "[DONE]");

        var logprobs = (JsonElement)updates[0].AdditionalProperties![OpenAIPropertyKeys.Logprobs]!;
        Assert.Equal(-0.5, logprobs.GetProperty("content")[0].GetProperty("logprob").GetDouble());
    }

    [Fact]
    public void Complete_ServiceTierOnChunks_IsOnTheFinalUpdateOnly()
    {
        var updates = Run(null,
            """{"id":"t","model":"gpt-4.1-nano","service_tier":"flex","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}],"usage":null}""",
            """{"id":"t","model":"gpt-4.1-nano","service_tier":"flex","choices":[{"index":0,"delta":{},"finish_reason":"stop"}],"usage":null}""",
            """{"id":"t","model":"gpt-4.1-nano","service_tier":"flex","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""",
            "[DONE]");

        Assert.Equal(3, updates.Count);
        Assert.Equal("flex", updates[2].AdditionalProperties![OpenAIPropertyKeys.ServiceTier]);
        Assert.All(updates.Take(2), u => Assert.False(u.AdditionalProperties?.ContainsKey(OpenAIPropertyKeys.ServiceTier) ?? false));
    }

    [Fact]
    public void FromStreamEvent_AzurePromptFilterChunk_IsSkipped()
    {
        var updates = Run(null,
            """{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"}}}]}""",
            """{"choices":[{"content_filter_results":{},"delta":{"content":"Hi","refusal":null,"role":"assistant"},"finish_reason":null,"index":0,"logprobs":null}],"created":1,"id":"chatcmpl-az","model":"gpt-4o"}""",
            """{"choices":[{"delta":{},"finish_reason":"content_filter","index":0}],"created":1,"id":"chatcmpl-az","model":"gpt-4o"}""",
            "[DONE]");

        Assert.Equal("Hi", updates[0].Text);
        Assert.Equal("chatcmpl-az", updates[0].ResponseId);
        Assert.Equal(ChatFinishReason.ContentFilter, updates[1].FinishReason);
    }

    [Fact]
    public void FromStreamEvent_RefusalPieces_BecomeOneErrorContent()
    {
        var updates = Run(null,
            """{"id":"r","choices":[{"index":0,"delta":{"refusal":"I can't "},"finish_reason":null}]}""",
            """{"id":"r","choices":[{"index":0,"delta":{"refusal":"help."},"finish_reason":null}]}""",
            """{"id":"r","choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""",
            "[DONE]");

        var error = Assert.Single(updates.SelectMany(u => u.Contents).OfType<ErrorContent>());
        Assert.Equal("I can't help.", error.Message);
        Assert.Equal("refusal", error.ErrorCode);
    }

    [Theory]
    [InlineData("model_length", "length")]
    [InlineData("insufficient_system_resource", "insufficient_system_resource")]
    [InlineData("error", "error")]
    public void FromStreamEvent_OtherFinishReasons_MapToKnownOrCustom(string wire, string expected)
    {
        var updates = Run(null, $$"""{"id":"f","choices":[{"index":0,"delta":{},"finish_reason":"{{wire}}"}]}""", "[DONE]");

        Assert.Equal(new ChatFinishReason(expected), updates[0].FinishReason);
    }

    [Fact]
    public void Parse_ErrorChunk_CarriesProviderErrorInfo()
    {
        var chunk = new OpenAIStreamDecoder().Parse("message"u8, """{"error":{"code":502,"message":"Upstream down","metadata":{"provider_name":"x"}}}"""u8);

        Assert.NotNull(chunk.Error);
        Assert.Equal("502", chunk.Error!.Value.Code);
        Assert.Equal(ProviderErrorKind.Server, chunk.Error.Value.Kind);
    }

    [Fact]
    public void Parse_MalformedChunk_ThrowsJsonException()
    {
        var decoder = new OpenAIStreamDecoder();

        Assert.ThrowsAny<JsonException>(() => decoder.Parse("message"u8, """{"id":"x",<<not json>>"""u8));
    }
}
