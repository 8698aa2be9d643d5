using System.Text.Json;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using SkFunctionCall = Microsoft.SemanticKernel.FunctionCallContent;
using SkFunctionResult = Microsoft.SemanticKernel.FunctionResultContent;

namespace LlmAdapters.SemanticKernel.Tests;

/// <summary>
/// Every provider's <see cref="IChatClient"/> under Semantic Kernel, registered as SK users register one
/// (<c>AddChatClient(client).UseKernelFunctionInvocation()</c>), run against the provider's emulator dialect.
/// A provider subclasses this in a few lines; <see cref="ExpectedHistoryJson"/> pins the conversation its
/// second request must carry, tool result in the provider's own shape.
/// </summary>
public abstract partial class SemanticKernelConformanceTests
{
    [Fact]
    public async Task GetChatMessageContentAsync_AutoFunctionCall_RunsFunctionOnceAndReturnsTextWithUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var plugin = new WeatherPlugin();
        var filter = new RecordingAutoInvocationFilter();
        var kernel = BuildKernel(client, plugin, b => b.UseKernelFunctionInvocation());
        kernel.AutoFunctionInvocationFilters.Add(filter);
        ScriptToolCallThenAnswer(emulator);

        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService(kernel.Services);
        var result = await service.GetChatMessageContentAsync(Conversation(), AutoInvoke, kernel, Ct);

        Assert.Equal(FinalAnswer, result.Content);
        Assert.Equal(AuthorRole.Assistant, result.Role);
        Assert.Equal(["Paris"], plugin.Cities);
        Assert.Equal([WeatherPlugin.FunctionName], filter.Seen);
        AssertTwoModelCallsWithNativeToolResult(emulator);
        AssertSummedUsage(Assert.IsType<UsageDetails>(result.Metadata?["Usage"]));
    }

    [Fact]
    public async Task GetChatMessageContentAsync_AutoFunctionCall_AddsCallAndResultToTheHistory()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var kernel = BuildKernel(client, new WeatherPlugin(), b => b.UseKernelFunctionInvocation());
        ScriptToolCallThenAnswer(emulator);
        var history = Conversation();

        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService(kernel.Services);
        await service.GetChatMessageContentAsync(history, AutoInvoke, kernel, Ct);

        // SK keeps the intermediate turns in the history it was given, so the next turn replays them.
        Assert.Equal([AuthorRole.User, AuthorRole.Assistant, AuthorRole.Tool], history.Select(m => m.Role));
        var call = Assert.IsType<SkFunctionCall>(Assert.Single(history[1].Items));
        Assert.Equal((CallId, null, ToolName), (call.Id, call.PluginName, call.FunctionName));
        var result = Assert.IsType<SkFunctionResult>(Assert.Single(history[2].Items));
        Assert.Equal(CallId, result.CallId);
        Assert.Equal(WeatherPlugin.ForecastFor("Paris"), result.Result?.ToString());
    }

    [Fact]
    public async Task GetStreamingChatMessageContentsAsync_AutoFunctionCall_RunsFunctionOnceAndStreamsTextWithUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var plugin = new WeatherPlugin();
        var filter = new RecordingAutoInvocationFilter();
        var kernel = BuildKernel(client, plugin, b => b.UseKernelFunctionInvocation());
        kernel.AutoFunctionInvocationFilters.Add(filter);
        ScriptToolCallThenAnswer(emulator, chunks: 4);

        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService(kernel.Services);
        var updates = new List<StreamingChatMessageContent>();
        await foreach (var update in service.GetStreamingChatMessageContentsAsync(Conversation(), AutoInvoke, kernel, Ct))
        {
            updates.Add(update);
        }

        Assert.Equal(FinalAnswer, string.Concat(updates.Select(u => u.Content)));
        Assert.True(updates.Count(u => !string.IsNullOrEmpty(u.Content)) > 1, "The answer arrived in a single update; the scripted reply was chunked.");
        Assert.Equal(["Paris"], plugin.Cities);
        Assert.Equal([WeatherPlugin.FunctionName], filter.Seen);
        AssertTwoModelCallsWithNativeToolResult(emulator);

        // Streaming, SK hands each model call's usage on in the metadata of the update that carried it.
        var usages = updates.Select(u => u.Metadata?.GetValueOrDefault("Usage")).OfType<UsageContent>().Select(u => u.Details).ToList();
        Assert.Equal(2, usages.Count);
        Assert.Equal((FirstUsage.Input, FirstUsage.Output), (usages[0].InputTokenCount, usages[0].OutputTokenCount));
        Assert.Equal((SecondUsage.Input, SecondUsage.Output), (usages[1].InputTokenCount, usages[1].OutputTokenCount));
    }

    [Fact]
    public async Task InvokePromptAsync_AutoFunctionCall_RunsFunctionOnceAndReturnsTextWithUsage()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var plugin = new WeatherPlugin();
        var kernel = BuildKernel(client, plugin, b => b.UseKernelFunctionInvocation());
        ScriptToolCallThenAnswer(emulator);

        var result = await kernel.InvokePromptAsync(Question, new KernelArguments(AutoInvoke), cancellationToken: Ct);

        Assert.Equal(FinalAnswer, result.GetValue<string>());
        Assert.Equal(["Paris"], plugin.Cities);
        AssertTwoModelCallsWithNativeToolResult(emulator);

        // A prompt function run on an IChatClient keeps the ChatResponse as its value.
        var response = Assert.IsType<ChatResponse>(result.GetValue<object>());
        Assert.NotNull(response.Usage);
        AssertSummedUsage(response.Usage);
    }

    [Fact]
    public async Task GetChatMessageContentAsync_WithMeaiFunctionInvocationOnly_RunsFunctionButNoKernelFilter()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var plugin = new WeatherPlugin();
        var filter = new RecordingAutoInvocationFilter();
        var kernel = BuildKernel(client, plugin, b => b.UseFunctionInvocation());
        kernel.AutoFunctionInvocationFilters.Add(filter);
        ScriptToolCallThenAnswer(emulator);

        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService(kernel.Services);
        var result = await service.GetChatMessageContentAsync(Conversation(), AutoInvoke, kernel, Ct);

        // Microsoft.Extensions.AI's own loop calls kernel functions as plain AIFunctions: SK's filters never see them.
        Assert.Equal(FinalAnswer, result.Content);
        Assert.Equal(["Paris"], plugin.Cities);
        Assert.Empty(filter.Seen);
        Assert.Equal(2, emulator.Requests.Count);
    }

    [Fact]
    public async Task GetChatMessageContentAsync_WithoutKernelFunctionInvocation_ReturnsTheCallUninvokedAndNoText()
    {
        await using var emulator = await StartEmulatorAsync();
        using var client = CreateChatClient(emulator);
        var plugin = new WeatherPlugin();
        var kernel = BuildKernel(client, plugin, configure: null);
        ScriptToolCallThenAnswer(emulator);

        var service = kernel.GetRequiredService<IChatClient>().AsChatCompletionService(kernel.Services);
        var result = await service.GetChatMessageContentAsync(Conversation(), AutoInvoke, kernel, Ct);

        // FunctionChoiceBehavior.Auto() advertises the function, but nothing in the pipeline invokes it: no exception,
        // no text, the model's call handed back as it came and the function never run.
        Assert.Null(result.Content);
        Assert.Empty(plugin.Cities);
        Assert.Single(emulator.Requests);
        var call = Assert.IsType<SkFunctionCall>(Assert.Single(result.Items));
        Assert.Equal((CallId, null, ToolName), (call.Id, call.PluginName, call.FunctionName));
        var city = Assert.Single(call.Arguments!);
        Assert.Equal(("city", "Paris"), (city.Key, city.Value is JsonElement e ? e.GetString() : city.Value?.ToString()));
    }
}
