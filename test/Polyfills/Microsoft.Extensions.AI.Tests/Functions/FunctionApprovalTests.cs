using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class FunctionApprovalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetResponseAsync_ApprovalRequiredFunction_ReturnsApprovalRequestWithoutInvoking()
    {
        var invoked = false;
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create(() => invoked = true, "delete_file"));
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (_, _, _) => Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("c1", "delete_file")]))),
        };
        var client = new FunctionInvokingChatClient(inner);

        var response = await client.GetResponseAsync("delete it", new ChatOptions { Tools = [delete] }, Ct);

        Assert.False(invoked);
        Assert.Equal(1, inner.Calls);
        var request = Assert.IsType<ToolApprovalRequestContent>(Assert.Single(response.Messages.Single().Contents));
        Assert.Equal("ficc_c1", request.RequestId);
        Assert.Equal("delete_file", Assert.IsType<FunctionCallContent>(request.ToolCall).Name);
    }

    [Fact]
    public async Task GetResponseAsync_ApprovedResponse_InvokesFunctionAndContinues()
    {
        var invoked = 0;
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create(() => ++invoked, "delete_file"));
        var requests = new List<List<ChatMessage>>();
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) =>
            {
                requests.Add(messages.ToList());
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "deleted")));
            },
        };
        var client = new FunctionInvokingChatClient(inner);
        var call = new FunctionCallContent("c1", "delete_file");
        var approvalRequest = new ToolApprovalRequestContent("ficc_c1", call);
        List<ChatMessage> history =
        [
            new(ChatRole.User, "delete it"),
            new(ChatRole.Assistant, [approvalRequest]),
            new(ChatRole.User, [approvalRequest.CreateResponse(true)]),
        ];

        var response = await client.GetResponseAsync(history, new ChatOptions { Tools = [delete] }, Ct);

        Assert.Equal(1, invoked);
        Assert.Equal("deleted", response.Text);
        var sent = requests.Single();
        Assert.DoesNotContain(sent, m => m.Contents.Any(c => c is ToolApprovalRequestContent or ToolApprovalResponseContent));
        Assert.Contains(sent, m => m.Role == ChatRole.Assistant && m.Contents.OfType<FunctionCallContent>().Any(c => c.CallId == "c1"));
        Assert.Contains(sent, m => m.Role == ChatRole.Tool && m.Contents.OfType<FunctionResultContent>().Any(r => r.CallId == "c1"));
    }

    [Fact]
    public async Task GetResponseAsync_RejectedResponse_SendsRejectionWithReason()
    {
        var invoked = false;
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create(() => invoked = true, "delete_file"));
        var requests = new List<List<ChatMessage>>();
        var inner = new FakeChatClient
        {
            GetResponseAsyncCallback = (messages, _, _) =>
            {
                requests.Add(messages.ToList());
                return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok, kept")));
            },
        };
        var client = new FunctionInvokingChatClient(inner);
        var approvalRequest = new ToolApprovalRequestContent("ficc_c1", new FunctionCallContent("c1", "delete_file"));

        await client.GetResponseAsync(
            [new(ChatRole.User, "delete it"), new(ChatRole.Assistant, [approvalRequest]), new(ChatRole.User, [approvalRequest.CreateResponse(false, "too risky")])],
            new ChatOptions { Tools = [delete] },
            Ct);

        Assert.False(invoked);
        var rejection = requests.Single().SelectMany(m => m.Contents).OfType<FunctionResultContent>().Single();
        Assert.Equal("c1", rejection.CallId);
        Assert.Equal("Tool call invocation rejected. too risky", rejection.Result);
    }

    [Fact]
    public async Task GetStreamingResponseAsync_ApprovalRequiredFunction_StreamsApprovalRequestAndStops()
    {
        var delete = new ApprovalRequiredAIFunction(AIFunctionFactory.Create(() => 1, "delete_file"));
        var inner = new FakeChatClient
        {
            GetStreamingResponseAsyncCallback = (_, _, ct) => FakeChatClient.Stream([new(ChatRole.Assistant, [new FunctionCallContent("c1", "delete_file")])], ct),
        };
        var client = new FunctionInvokingChatClient(inner);

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync("delete it", new ChatOptions { Tools = [delete] }, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(1, inner.Calls);
        Assert.IsType<ToolApprovalRequestContent>(Assert.Single(Assert.Single(updates).Contents));
    }
}
