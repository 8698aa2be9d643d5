using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Middleware.Tests;

/// <summary>A scripted IChatClient: callbacks decide each answer, every call is recorded.</summary>
internal sealed class FakeChatClient : IChatClient
{
    private readonly Lock _lock = new();
    private readonly List<RecordedCall> _calls = [];

    public FakeChatClient(string provider = "openai", string? defaultModel = "gpt-4o-mini", TimeProvider? clock = null)
    {
        Metadata = new ChatClientMetadata(provider, new Uri($"https://{provider}.example/"), defaultModel);
        Clock = clock ?? TimeProvider.System;
    }

    public ChatClientMetadata Metadata { get; }

    public TimeProvider Clock { get; }

    public Func<RecordedCall, Task<ChatResponse>>? OnGetResponse { get; set; }

    public Func<RecordedCall, IAsyncEnumerable<ChatResponseUpdate>>? OnGetStreamingResponse { get; set; }

    public Dictionary<Type, object> Services { get; } = [];

    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_lock)
            {
                return [.. _calls];
            }
        }
    }

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Record(messages, options, cancellationToken);
        return OnGetResponse?.Invoke(call) ?? Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = options?.ModelId ?? Metadata.DefaultModelId });
    }

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var call = Record(messages, options, cancellationToken);
        return OnGetStreamingResponse?.Invoke(call) ?? Updates(["ok"]);
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return Metadata;
        }

        return Services.TryGetValue(serviceType, out var service) ? service : serviceType.IsInstanceOfType(this) ? this : null;
    }

    public void Dispose()
    {
    }

    public static async IAsyncEnumerable<ChatResponseUpdate> Updates(IEnumerable<string> texts, Exception? thenThrow = null, UsageDetails? usage = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var text in texts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new ChatResponseUpdate(ChatRole.Assistant, text);
        }

        if (thenThrow is not null)
        {
            throw thenThrow;
        }

        if (usage is not null)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)]) { FinishReason = ChatFinishReason.Stop };
        }
    }

    private RecordedCall Record(IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        var call = new RecordedCall([.. messages], options, Clock.GetUtcNow(), cancellationToken);
        lock (_lock)
        {
            _calls.Add(call);
        }

        return call;
    }
}

internal sealed record RecordedCall(IList<ChatMessage> Messages, ChatOptions? Options, DateTimeOffset At, CancellationToken CancellationToken);
