using LlmAdapters.Testing;
using Microsoft.Extensions.AI;

namespace LlmAdapters.OpenAI.Tests.Responses;

/// <summary>Recorded-shape Responses bodies under <c>TestData/OpenAIResponses/</c> and a client over the emulator.</summary>
internal static class OpenAIResponsesTestData
{
    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "OpenAIResponses", name));

    public static ScriptedReply Stream(string name, string newline = "\n") =>
        ScriptedReply.RawStream("text/event-stream", Read(name).ReplaceLineEndings(newline));

    public static ScriptedReply Whole(string name) => ScriptedReply.Raw(200, Read(name));

    public static OpenAIResponsesChatClient ResponsesClient(ProviderEmulator emulator, Action<OpenAIOptions>? configure = null) =>
        new(OpenAITestSupport.Options(emulator, configure: configure));

    public static async Task<List<ChatResponseUpdate>> CollectAsync(IAsyncEnumerable<ChatResponseUpdate> updates, List<ChatResponseUpdate>? into = null)
    {
        var list = into ?? [];
        await foreach (var update in updates)
        {
            list.Add(update);
        }

        return list;
    }
}
