using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using NSubstitute;
using NSubstitute.Core;

namespace LlmAdapters.Middleware.Tests;

/// <summary>
/// NSubstitute doubles of an inner <see cref="IChatClient"/>: by default they answer "ok" and describe themselves
/// with <see cref="ChatClientMetadata"/> for the provider given, as an adapter does; tests replace the answers.
/// </summary>
internal static class ChatClientSubstitute
{
    public static IChatClient Create(string provider = "openai", string? defaultModel = "gpt-4o-mini")
    {
        var client = Substitute.For<IChatClient>();
        var metadata = new ChatClientMetadata(provider, new Uri($"https://{provider}.example/"), defaultModel);
        client.GetService(Arg.Any<Type>(), Arg.Any<object?>()).Returns(_ => null);
        client.GetService(typeof(ChatClientMetadata), null).Returns(metadata);
        client.Answers(call => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = call.Arg<ChatOptions?>()?.ModelId ?? defaultModel }));
        client.Streams(_ => Updates(["ok"]));
        return client;
    }

    /// <summary>Sets what every non-streaming call returns.</summary>
    public static IChatClient Answers(this IChatClient client, Func<CallInfo, Task<ChatResponse>> answer)
    {
        client.GetResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>()).Returns(answer);
        return client;
    }

    /// <summary>Sets what every streaming call yields.</summary>
    public static IChatClient Streams(this IChatClient client, Func<CallInfo, IAsyncEnumerable<ChatResponseUpdate>> stream)
    {
        client.GetStreamingResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>()).Returns(stream);
        return client;
    }

    /// <summary>Makes <see cref="IChatClient.GetService"/> hand out <paramref name="service"/> for <typeparamref name="TService"/>.</summary>
    public static IChatClient Offers<TService>(this IChatClient client, TService service)
        where TService : class
    {
        client.GetService(typeof(TService), null).Returns(service);
        return client;
    }

    /// <summary>Makes the substitute report <paramref name="style"/> through <c>GetService&lt;PromptCachingStyle&gt;()</c>, as an
    /// adapter does.</summary>
    public static IChatClient CachesPrompts(this IChatClient client, PromptCachingStyle style)
    {
        client.GetService(typeof(PromptCachingStyle), null).Returns(style);
        return client;
    }

    /// <summary>The chat calls (streaming or not) the substitute received, in order.</summary>
    public static IReadOnlyList<ChatCall> ChatCalls(this IChatClient client) =>
        [.. client.ReceivedCalls()
            .Where(c => c.GetMethodInfo().Name is nameof(IChatClient.GetResponseAsync) or nameof(IChatClient.GetStreamingResponseAsync))
            .Select(c => c.GetArguments())
            .Select(a => new ChatCall([.. (IEnumerable<ChatMessage>)a[0]!], (ChatOptions?)a[1], (CancellationToken)a[2]!))];

    /// <summary>Records the clock's time at each chat call, when the call is made.</summary>
    public static List<DateTimeOffset> RecordCallTimes(this IChatClient client, TimeProvider clock)
    {
        var times = new List<DateTimeOffset>();
        void Record(CallInfo _)
        {
            lock (times)
            {
                times.Add(clock.GetUtcNow());
            }
        }

        client.When(c => c.GetResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>())).Do(Record);
        client.When(c => c.GetStreamingResponseAsync(Arg.Any<IEnumerable<ChatMessage>>(), Arg.Any<ChatOptions?>(), Arg.Any<CancellationToken>())).Do(Record);
        return times;
    }

    /// <summary>An asynchronous stream of text updates, optionally failing or ending with usage.</summary>
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
}

/// <summary>One call an inner client received.</summary>
internal sealed record ChatCall(IList<ChatMessage> Messages, ChatOptions? Options, CancellationToken CancellationToken);
