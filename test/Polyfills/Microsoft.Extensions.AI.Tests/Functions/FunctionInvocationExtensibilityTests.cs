using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class FunctionInvocationExtensibilityTests
{
    [Fact]
    public void FunctionInvocationContext_Defaults_AreNonNullAndSettersRejectNull()
    {
        var context = new FunctionInvocationContext();

        Assert.Equal("FunctionInvocationContext", context.Function.Name);
        Assert.Empty(context.Arguments);
        Assert.Equal(string.Empty, context.CallContent.CallId);
        Assert.Empty(context.Messages);
        Assert.Null(context.Options);
        Assert.False(context.Terminate);
        Assert.Throws<ArgumentNullException>(() => context.Function = null!);
        Assert.Throws<ArgumentNullException>(() => context.Arguments = null!);
        Assert.Throws<ArgumentNullException>(() => context.CallContent = null!);
        Assert.Throws<ArgumentNullException>(() => context.Messages = null!);
    }

    [Fact]
    public async Task Subclass_OverridesInvokeAndCreateResponseMessages_ReceivesResultsWithStatus()
    {
        var responses = new Queue<ChatResponse>(
        [
            new(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("a", "f"), new FunctionCallContent("b", "missing")])),
            new(new ChatMessage(ChatRole.Assistant, "done")),
        ]);
        var inner = new FakeChatClient { GetResponseAsyncCallback = (_, _, _) => Task.FromResult(responses.Dequeue()) };
        var client = new AuditingClient(inner);

        var response = await client.GetResponseAsync("go", new ChatOptions { Tools = [AIFunctionFactory.Create(() => "real", "f")] }, TestContext.Current.CancellationToken);

        Assert.Equal(
            [("a", FunctionInvokingChatClient.FunctionInvocationStatus.RanToCompletion, "wrapped:real"), ("b", FunctionInvokingChatClient.FunctionInvocationStatus.NotFound, null)],
            client.Seen);
        Assert.Equal("audited 2", response.Messages[1].Text);
    }

    private sealed class AuditingClient(IChatClient inner) : FunctionInvokingChatClient(inner)
    {
        public List<(string CallId, FunctionInvocationStatus Status, string? Result)> Seen { get; } = [];

        protected override async ValueTask<object?> InvokeFunctionAsync(FunctionInvocationContext context, CancellationToken cancellationToken) =>
            "wrapped:" + await base.InvokeFunctionAsync(context, cancellationToken);

        protected override IList<ChatMessage> CreateResponseMessages(ReadOnlySpan<FunctionInvocationResult> results)
        {
            foreach (var result in results)
            {
                Seen.Add((result.CallContent.CallId, result.Status, result.Result?.ToString()));
            }

            return [new ChatMessage(ChatRole.Tool, "audited " + results.Length)];
        }
    }
}
