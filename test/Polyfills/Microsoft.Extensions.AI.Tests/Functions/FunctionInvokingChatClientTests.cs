using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Polyfills.Tests;

public sealed class FunctionInvokingChatClientTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static ChatResponse Calls(params (string Id, string Name, Dictionary<string, object?>? Args)[] calls) =>
        new(new ChatMessage(ChatRole.Assistant, calls.Select(c => (AIContent)new FunctionCallContent(c.Id, c.Name, c.Args)).ToList()))
        {
            Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 2 },
        };

    private static ChatResponse Answer(string text) =>
        new(new ChatMessage(ChatRole.Assistant, text)) { Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 3 }, FinishReason = ChatFinishReason.Stop };

    /// <summary>A fake model that replies with the scripted responses in order and records every request it receives.</summary>
    private static FakeChatClient Scripted(List<List<ChatMessage>> requests, params ChatResponse[] responses)
    {
        var next = 0;
        return new FakeChatClient
        {
            GetResponseAsyncCallback = (messages, options, _) =>
            {
                lock (requests)
                {
                    requests.Add(messages.ToList());
                    return Task.FromResult(responses[Math.Min(next++, responses.Length - 1)]);
                }
            },
        };
    }

    [Fact]
    public void Defaults_MatchDocumentedValues()
    {
        using var client = new FunctionInvokingChatClient(new FakeChatClient());

        Assert.False(client.IncludeDetailedErrors);
        Assert.False(client.AllowConcurrentInvocation);
        Assert.Equal(40, client.MaximumIterationsPerRequest);
        Assert.Equal(3, client.MaximumConsecutiveErrorsPerRequest);
        Assert.Null(client.AdditionalTools);
        Assert.False(client.TerminateOnUnknownCalls);
        Assert.Null(client.FunctionInvoker);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.MaximumIterationsPerRequest = 0);
        Assert.Throws<ArgumentOutOfRangeException>(() => client.MaximumConsecutiveErrorsPerRequest = -1);
        client.MaximumConsecutiveErrorsPerRequest = 0;
        Assert.Equal(0, client.MaximumConsecutiveErrorsPerRequest);
    }

    [Fact]
    public async Task GetResponseAsync_SingleCall_InvokesFunctionAndReturnsAllMessagesWithSummedUsage()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "get_weather", new() { ["city"] = "Paris" })), Answer("Sunny in Paris"));
        var weather = AIFunctionFactory.Create((string city) => $"sunny in {city}", "get_weather");
        var client = inner.AsBuilder().UseFunctionInvocation().Build();

        var response = await client.GetResponseAsync([new ChatMessage(ChatRole.User, "weather?")], new ChatOptions { Tools = [weather] }, Ct);

        Assert.Equal(2, inner.Calls);
        Assert.Equal("Sunny in Paris", response.Text);
        Assert.Equal(3, response.Messages.Count);
        var result = Assert.IsType<FunctionResultContent>(Assert.Single(response.Messages[1].Contents));
        Assert.Equal(ChatRole.Tool, response.Messages[1].Role);
        Assert.Equal("c1", result.CallId);
        Assert.Equal("sunny in Paris", result.Result?.ToString());
        Assert.Equal(30, response.Usage?.InputTokenCount);
        Assert.Equal(5, response.Usage?.OutputTokenCount);

        // The second request carries the original message, the call and its result.
        Assert.Equal(3, requests[1].Count);
        Assert.Equal(ChatRole.Tool, requests[1][2].Role);
    }

    [Fact]
    public async Task GetResponseAsync_NoCalls_ReturnsInnerResponseUnchanged()
    {
        var answer = Answer("hi");
        var client = new FunctionInvokingChatClient(new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(answer) });

        var response = await client.GetResponseAsync("hello", cancellationToken: Ct);

        Assert.Same(answer, response);
    }

    [Fact]
    public async Task GetResponseAsync_ParallelCallsSerialMode_RunInOrderInOneToolMessage()
    {
        var order = new List<string>();
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("a", "f", new() { ["x"] = "1" }), ("b", "f", new() { ["x"] = "2" })), Answer("done"));
        var f = AIFunctionFactory.Create((string x) =>
        {
            lock (order)
            {
                order.Add(x);
            }

            return x + "!";
        }, "f");
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [f] }, Ct);

        Assert.Equal(["1", "2"], order);
        var toolMessage = response.Messages[1];
        Assert.Equal(["a", "b"], toolMessage.Contents.OfType<FunctionResultContent>().Select(r => r.CallId));
    }

    [Fact]
    public async Task GetResponseAsync_AllowConcurrentInvocation_CallsRunAtTheSameTime()
    {
        // Both calls wait for each other: this completes only when they really run concurrently.
        var barrier = new Barrier(2);
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("a", "wait", null), ("b", "wait", null)), Answer("done"));
        var wait = AIFunctionFactory.Create(() => Task.Run(() => barrier.SignalAndWait(TimeSpan.FromSeconds(20))), "wait");
        var client = new FunctionInvokingChatClient(inner) { AllowConcurrentInvocation = true };

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [wait] }, Ct);

        var results = response.Messages[1].Contents.OfType<FunctionResultContent>().ToList();
        Assert.Equal(["a", "b"], results.Select(r => r.CallId));
        Assert.All(results, r => Assert.Equal("True", r.Result?.ToString()));
    }

    [Fact]
    public async Task GetResponseAsync_ModelKeepsCalling_StopsAfterMaximumIterationsWithToolsRemoved()
    {
        var requests = new List<List<ChatMessage>>();
        var optionsSeen = new List<ChatOptions?>();
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (messages, options, _) =>
            {
                optionsSeen.Add(options);
                return Task.FromResult(Calls(("c" + optionsSeen.Count, "f", null)));
            },
        };
        var invocations = 0;
        var f = AIFunctionFactory.Create(() => ++invocations, "f");
        var client = new FunctionInvokingChatClient(inner) { MaximumIterationsPerRequest = 2 };

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [f], ToolMode = ChatToolMode.Auto }, Ct);

        Assert.Equal(3, inner.Calls);
        Assert.Equal(2, invocations);
        Assert.NotNull(optionsSeen[0]?.Tools);
        Assert.True(optionsSeen[2]?.Tools is null or { Count: 0 });
        Assert.Null(optionsSeen[2]?.ToolMode);
        Assert.IsType<FunctionCallContent>(response.Messages[^1].Contents.Single());
    }

    [Fact]
    public async Task GetResponseAsync_FunctionThrows_ResultCarriesExceptionWithoutDetailByDefault()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "boom", null)), Answer("sorry"));
        var boom = AIFunctionFactory.Create(new Func<string>(() => throw new InvalidOperationException("secret detail")), "boom");
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [boom] }, Ct);

        var result = Assert.IsType<FunctionResultContent>(response.Messages[1].Contents.Single());
        Assert.Equal("Error: Function failed.", result.Result);
        Assert.IsType<InvalidOperationException>(result.Exception);
        Assert.Equal("sorry", response.Text);
    }

    [Fact]
    public async Task GetResponseAsync_IncludeDetailedErrors_ResultIncludesExceptionMessage()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "boom", null)), Answer("sorry"));
        var boom = AIFunctionFactory.Create(new Func<string>(() => throw new InvalidOperationException("disk full")), "boom");
        var client = new FunctionInvokingChatClient(inner) { IncludeDetailedErrors = true };

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [boom] }, Ct);

        Assert.Equal("Error: Function failed. Exception: disk full", Assert.IsType<FunctionResultContent>(response.Messages[1].Contents.Single()).Result);
    }

    [Fact]
    public async Task GetResponseAsync_ConsecutiveErrorsBeyondMaximum_ThrowsTheFunctionException()
    {
        var attempts = 0;
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Calls(("c", "boom", null))) };
        var boom = AIFunctionFactory.Create(new Func<string>(() => throw new InvalidOperationException("attempt " + ++attempts)), "boom");
        var client = new FunctionInvokingChatClient(inner) { MaximumConsecutiveErrorsPerRequest = 1 };

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetResponseAsync("go", new ChatOptions { Tools = [boom] }, Ct));

        Assert.Equal("attempt 2", ex.Message);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ZeroConsecutiveErrorsAllowed_FirstFailureThrows()
    {
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Calls(("c", "boom", null))) };
        var boom = AIFunctionFactory.Create(new Func<string>(() => throw new FormatException("bad")), "boom");
        var client = new FunctionInvokingChatClient(inner) { MaximumConsecutiveErrorsPerRequest = 0 };

        await Assert.ThrowsAsync<FormatException>(() => client.GetResponseAsync("go", new ChatOptions { Tools = [boom] }, Ct));
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task GetResponseAsync_ConcurrentFailuresBeyondMaximum_ThrowsAggregateException()
    {
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(Calls(("a", "boom", null), ("b", "boom", null))) };
        var boom = AIFunctionFactory.Create(new Func<string>(() => throw new FormatException("bad")), "boom");
        var client = new FunctionInvokingChatClient(inner) { MaximumConsecutiveErrorsPerRequest = 0, AllowConcurrentInvocation = true };

        var ex = await Assert.ThrowsAsync<AggregateException>(() => client.GetResponseAsync("go", new ChatOptions { Tools = [boom] }, Ct));
        Assert.Equal(2, ex.InnerExceptions.Count);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownTool_SendsNotFoundResultAndContinues()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "missing", null)), Answer("ok"));
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "other")] }, Ct);

        Assert.Equal(2, inner.Calls);
        Assert.Equal("Error: Requested function \"missing\" not found.", Assert.IsType<FunctionResultContent>(response.Messages[1].Contents.Single()).Result);
    }

    [Fact]
    public async Task GetResponseAsync_UnknownToolWithTerminateOnUnknownCalls_ReturnsCallToCaller()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "client_side", null)), Answer("never"));
        var client = new FunctionInvokingChatClient(inner) { TerminateOnUnknownCalls = true };

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "other")] }, Ct);

        Assert.Equal(1, inner.Calls);
        var call = Assert.IsType<FunctionCallContent>(response.Messages.Single().Contents.Single());
        Assert.Equal("client_side", call.Name);
    }

    [Fact]
    public async Task GetResponseAsync_DeclarationOnlyTool_StopsLoopAndReturnsCall()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "decl", null)), Answer("never"));
        var declaration = AIFunctionFactory.Create(() => 1, "decl").AsDeclarationOnly();
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [declaration] }, Ct);

        Assert.Equal(1, inner.Calls);
        Assert.IsType<FunctionCallContent>(response.Messages.Single().Contents.Single());
    }

    [Fact]
    public async Task GetResponseAsync_FunctionSetsTerminate_ReturnsWithoutAnotherModelCall()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "stop", null), ("c2", "stop", null)), Answer("never"));
        var invoked = 0;
        var stop = AIFunctionFactory.Create(() =>
        {
            invoked++;
            FunctionInvokingChatClient.CurrentContext!.Terminate = true;
            return "stopped";
        }, "stop");
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [stop] }, Ct);

        Assert.Equal(1, inner.Calls);
        Assert.Equal(1, invoked);
        Assert.Equal("stopped", Assert.IsType<FunctionResultContent>(response.Messages[^1].Contents.Single()).Result?.ToString());
    }

    [Fact]
    public async Task GetResponseAsync_CurrentContext_DescribesCallAndIsClearedAfterwards()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "inspect", new() { ["n"] = 5 })), Answer("ok"));
        FunctionInvocationContext? seen = null;
        var inspect = AIFunctionFactory.Create((int n) =>
        {
            seen = FunctionInvokingChatClient.CurrentContext;
            return n;
        }, "inspect");
        var services = Microsoft.Extensions.DependencyInjection.ServiceCollectionContainerBuilderExtensions.BuildServiceProvider(new Microsoft.Extensions.DependencyInjection.ServiceCollection());
        var client = new FunctionInvokingChatClient(inner, functionInvocationServices: services);

        await client.GetResponseAsync("go", new ChatOptions { Tools = [inspect] }, Ct);

        Assert.NotNull(seen);
        Assert.Equal("inspect", seen.Function.Name);
        Assert.Equal("c1", seen.CallContent.CallId);
        Assert.Equal(0, seen.Iteration);
        Assert.Equal(0, seen.FunctionCallIndex);
        Assert.Equal(1, seen.FunctionCount);
        Assert.False(seen.IsStreaming);
        Assert.Same(services, seen.Arguments.Services);
        Assert.Null(FunctionInvokingChatClient.CurrentContext);
    }

    [Fact]
    public async Task GetResponseAsync_FunctionInvokerAndAdditionalTools_AreUsed()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "hidden", null)), Answer("ok"));
        var client = new FunctionInvokingChatClient(inner)
        {
            AdditionalTools = [AIFunctionFactory.Create(() => "real", "hidden")],
            FunctionInvoker = (context, _) => ValueTask.FromResult<object?>("intercepted " + context.Function.Name),
        };

        var response = await client.GetResponseAsync("go", cancellationToken: Ct);

        Assert.Equal("intercepted hidden", Assert.IsType<FunctionResultContent>(response.Messages[1].Contents.Single()).Result);
    }

    [Fact]
    public async Task GetResponseAsync_FunctionReturnsNull_ResultSaysSuccess()
    {
        var requests = new List<List<ChatMessage>>();
        var inner = Scripted(requests, Calls(("c1", "noop", null)), Answer("ok"));
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => { }, "noop")] }, Ct);

        Assert.Equal("Success: Function completed.", Assert.IsType<FunctionResultContent>(response.Messages[1].Contents.Single()).Result);
    }

    [Fact]
    public async Task GetResponseAsync_RequiredToolMode_IsClearedForFollowUpRequest()
    {
        var modes = new List<ChatToolMode?>();
        var responses = new Queue<ChatResponse>([Calls(("c1", "f", null)), Answer("ok")]);
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, options, _) =>
            {
                modes.Add(options?.ToolMode);
                return Task.FromResult(responses.Dequeue());
            },
        };
        var client = new FunctionInvokingChatClient(inner);

        await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")], ToolMode = ChatToolMode.RequireAny }, Ct);

        Assert.IsType<RequiredChatToolMode>(modes[0]);
        Assert.Null(modes[1]);
    }

    [Fact]
    public async Task GetResponseAsync_ServiceSideConversation_SendsOnlyFunctionResults()
    {
        var requests = new List<List<ChatMessage>>();
        var first = Calls(("c1", "f", null));
        first.ConversationId = "conv-1";
        var inner = Scripted(requests, first, Answer("ok"));
        var client = new FunctionInvokingChatClient(inner);

        await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => 1, "f")] }, Ct);

        var followUp = Assert.Single(requests[1]);
        Assert.Equal(ChatRole.Tool, followUp.Role);
    }

    [Fact]
    public async Task GetResponseAsync_CallAnsweredByService_IsNotInvoked()
    {
        var response = new ChatResponse(new ChatMessage(ChatRole.Assistant,
        [
            new FunctionCallContent("s1", "f"),
            new FunctionResultContent("s1", "service result"),
            new TextContent("done"),
        ]));
        var invoked = false;
        var client = new FunctionInvokingChatClient(new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(response) });

        var result = await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => invoked = true, "f")] }, Ct);

        Assert.False(invoked);
        Assert.True(result.Messages[0].Contents.OfType<FunctionCallContent>().Single().InformationalOnly);
    }

    [Fact]
    public async Task UseFunctionInvocation_Logging_RecordsInvocationAtDebugAndArgumentsOnlyAtTrace()
    {
        var debug = new CollectingLoggerFactory(LogLevel.Debug);
        var trace = new CollectingLoggerFactory(LogLevel.Trace);
        foreach (var factory in new[] { debug, trace })
        {
            var requests = new List<List<ChatMessage>>();
            var inner = Scripted(requests, Calls(("c1", "f", new() { ["secret"] = "s3cr3t" })), Answer("ok"));
            var client = inner.AsBuilder().UseFunctionInvocation(factory).Build();
            await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create((string secret) => 1, "f")] }, Ct);
        }

        Assert.Contains(debug.Entries, e => e.Message == "Invoking f." && e.Level == LogLevel.Debug);
        Assert.DoesNotContain(debug.Entries, e => e.Message.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Contains(trace.Entries, e => e.Level == LogLevel.Trace && e.Message.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.All(debug.Categories, c => Assert.Equal(typeof(FunctionInvokingChatClient).FullName, c));
    }
}
