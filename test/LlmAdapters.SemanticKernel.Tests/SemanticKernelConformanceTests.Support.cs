using System.Text.Json.Nodes;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace LlmAdapters.SemanticKernel.Tests;

/// <summary>What a provider plugs into the suite, and the helpers every case shares.</summary>
public abstract partial class SemanticKernelConformanceTests
{
    /// <summary>The user's question.</summary>
    protected const string Question = "What is the weather in Paris?";

    /// <summary>The model's final answer, scripted as the second reply.</summary>
    protected const string FinalAnswer = "It is sunny and 21 degrees in Paris right now.";

    /// <summary>The id of the scripted tool call.</summary>
    protected const string CallId = "call_1";

    /// <summary>The tool name Semantic Kernel advertises for <see cref="WeatherPlugin.GetWeather"/>.</summary>
    protected const string ToolName = "weather_get_weather";

    /// <summary>Token counts of the first reply (the tool call).</summary>
    protected static readonly (int Input, int Output) FirstUsage = (31, 9);

    /// <summary>Token counts of the second reply (the answer).</summary>
    protected static readonly (int Input, int Output) SecondUsage = (57, 14);

    /// <summary>Gets the test's cancellation token.</summary>
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Gets execution settings that let the model call kernel functions and have them invoked.</summary>
    protected static PromptExecutionSettings AutoInvoke => new() { FunctionChoiceBehavior = FunctionChoiceBehavior.Auto() };

    /// <summary>Gets the request body property holding the conversation (<c>messages</c>, <c>contents</c>).</summary>
    protected abstract string HistoryProperty { get; }

    /// <summary>Gets the conversation the second request must carry: question, tool call, tool result, in the provider's shape.</summary>
    protected abstract string ExpectedHistoryJson { get; }

    /// <summary>Creates the client under test pointed at <paramref name="emulator"/>.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The client.</returns>
    protected abstract IChatClient CreateChatClient(ProviderEmulator emulator);

    /// <summary>Creates the provider's embedding generator and the vector the emulator returns for a text, or
    /// <see langword="null"/> when the provider has no embeddings API.</summary>
    /// <param name="emulator">The running emulator.</param>
    /// <returns>The case, or <see langword="null"/>.</returns>
    protected virtual EmbeddingCase? CreateEmbeddings(ProviderEmulator emulator) => null;

    /// <summary>Starts an emulator for one test.</summary>
    /// <returns>The running emulator.</returns>
    protected virtual Task<ProviderEmulator> StartEmulatorAsync() => ProviderEmulator.StartAsync(Ct);

    /// <summary>Builds a kernel the way SK users do: the client in the kernel's services through <c>AddChatClient</c>,
    /// the weather plugin in its plugins.</summary>
    /// <param name="client">Our client.</param>
    /// <param name="plugin">The plugin.</param>
    /// <param name="configure">Adds middleware to the registered pipeline; <see langword="null"/> registers the bare client.</param>
    /// <returns>The kernel.</returns>
    protected static Kernel BuildKernel(IChatClient client, WeatherPlugin plugin, Action<ChatClientBuilder>? configure)
    {
        var builder = Kernel.CreateBuilder();
        var pipeline = builder.Services.AddChatClient(client);
        configure?.Invoke(pipeline);
        builder.Plugins.AddFromObject(plugin, WeatherPlugin.PluginName);
        return builder.Build();
    }

    /// <summary>A fresh history holding the question.</summary>
    /// <returns>The history.</returns>
    protected static ChatHistory Conversation()
    {
        var history = new ChatHistory();
        history.AddUserMessage(Question);
        return history;
    }

    /// <summary>Scripts the two replies of one auto-invoked turn: a tool call, then the answer.</summary>
    /// <param name="emulator">The emulator.</param>
    /// <param name="chunks">How many stream chunks the answer is split into.</param>
    protected static void ScriptToolCallThenAnswer(ProviderEmulator emulator, int chunks = 1)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        emulator.Enqueue(
            ScriptedReply.ToolCalls((CallId, ToolName, """{"city":"Paris"}""")).WithUsage(FirstUsage.Input, FirstUsage.Output),
            ScriptedReply.Text(FinalAnswer).WithUsage(SecondUsage.Input, SecondUsage.Output).InChunks(chunks));
    }

    /// <summary>Asserts exactly two model calls were made and the second carried the tool result natively.</summary>
    /// <param name="emulator">The emulator.</param>
    protected void AssertTwoModelCallsWithNativeToolResult(ProviderEmulator emulator)
    {
        ArgumentNullException.ThrowIfNull(emulator);
        var requests = emulator.Requests;
        Assert.Equal(2, requests.Count);
        AssertJson(ExpectedHistoryJson, requests[1].Json?[HistoryProperty]);
    }

    /// <summary>Asserts the usage of a whole auto-invoked turn: both model calls' tokens, summed by function invocation.</summary>
    /// <param name="usage">The usage.</param>
    protected static void AssertSummedUsage(UsageDetails usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        Assert.Equal(FirstUsage.Input + SecondUsage.Input, usage.InputTokenCount);
        Assert.Equal(FirstUsage.Output + SecondUsage.Output, usage.OutputTokenCount);
        Assert.Equal(FirstUsage.Input + SecondUsage.Input + FirstUsage.Output + SecondUsage.Output, usage.TotalTokenCount);
    }

    /// <summary>Asserts two JSON values are equal.</summary>
    /// <param name="expected">The expected JSON text.</param>
    /// <param name="actual">The actual node.</param>
    protected static void AssertJson(string expected, JsonNode? actual)
    {
        var expectedNode = JsonNode.Parse(expected);
        Assert.True(JsonNode.DeepEquals(expectedNode, actual), $"Expected:\n{expectedNode?.ToJsonString()}\nActual:\n{actual?.ToJsonString()}");
    }
}

/// <summary>A provider's embedding generator and the vector its emulator dialect returns for a text.</summary>
/// <param name="Generator">The generator under test.</param>
/// <param name="ExpectedVector">The vector the emulator returns for a text.</param>
public sealed record EmbeddingCase(IEmbeddingGenerator<string, Embedding<float>> Generator, Func<string, float[]> ExpectedVector);
