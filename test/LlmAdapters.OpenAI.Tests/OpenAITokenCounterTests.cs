using System.Buffers.Binary;
using LlmAdapters.OpenAI;
using Microsoft.Extensions.AI;
using Microsoft.ML.Tokenizers;
using static LlmAdapters.OpenAI.Tests.OpenAITestSupport;

namespace LlmAdapters.OpenAI.Tests;

public sealed class OpenAITokenCounterTests
{
    public static TheoryData<string, string> GoldenPrompts => new()
    {
        { "gpt-4o", "Hello world" },
        { "gpt-4o-mini", "What is the capital of France? Answer in one word." },
        { "gpt-4.1", "naïve café — 東京 🙂 {\"json\": [1, 2, 3]}" },
        { "o3-mini", "def add(a, b):\n    return a + b\n" },
        { "gpt-5", "  leading and trailing spaces  " },
        { "gpt-4", "Hello world" },
        { "gpt-4-turbo", "What is the capital of France? Answer in one word." },
        { "gpt-3.5-turbo", "naïve café — 東京 🙂 {\"json\": [1, 2, 3]}" },
    };

    /// <summary>Every golden prompt on every OpenAI-family client: Chat Completions and Responses, on OpenAI and on Azure.</summary>
    public static TheoryData<string, string, string> GoldenPromptsPerClient()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var client in new[] { "chat", "azure-chat", "responses", "azure-responses" })
        {
            foreach (var row in GoldenPrompts)
            {
                data.Add(client, row.Data.Item1, row.Data.Item2);
            }
        }

        return data;
    }

    [Fact]
    public void GetService_OpenAIChatClient_AnswersLocalTokenCounter()
    {
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = "gpt-4o" });

        var counter = client.GetService<ITokenCounter>();

        Assert.NotNull(counter);
        Assert.Same(counter, client.GetService<ILocalTokenCounter>());
        Assert.Null(client.GetService<ITokenCounter>("key"));
    }

    [Theory]
    [MemberData(nameof(GoldenPrompts))]
    public async Task CountTokensAsync_GoldenPrompt_EqualsTheModelsOwnTokenizerPlusFraming(string model, string prompt)
    {
        var own = TiktokenTokenizer.CreateForModel(model);
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = model });

        var count = await client.GetService<ITokenCounter>()!.CountTokensAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: Ct);

        // Three tokens frame each message, three prime the reply.
        Assert.Equal(3 + own.CountTokens("user") + own.CountTokens(prompt) + 3, count);
        Assert.True(client.GetService<ILocalTokenCounter>()!.IsExactFor(model));
    }

    [Theory]
    [MemberData(nameof(GoldenPromptsPerClient))]
    public async Task CountTokensAsync_GoldenPromptOnEveryOpenAIFamilyClient_EqualsTheModelsOwnTokenizerPlusFraming(string kind, string model, string prompt)
    {
        var own = TiktokenTokenizer.CreateForModel(model);
        using var client = FamilyClient(kind, model);

        var counter = client.GetService<ITokenCounter>();
        var count = await counter!.CountTokensAsync([new ChatMessage(ChatRole.User, prompt)], cancellationToken: Ct);

        Assert.Equal(3 + own.CountTokens("user") + own.CountTokens(prompt) + 3, count);
        Assert.Same(counter, client.GetService<ILocalTokenCounter>());
        Assert.True(client.GetService<ILocalTokenCounter>()!.IsExactFor(model));
    }

    [Fact]
    public void GetService_OpenAIResponsesChatClient_AnswersLocalTokenCounterOnlyWithoutAKey()
    {
        using var client = FamilyClient("responses", "gpt-5-mini");

        Assert.IsType<ILocalTokenCounter>(client.GetService<ITokenCounter>(), exactMatch: false);
        Assert.Null(client.GetService<ITokenCounter>("key"));
    }

    [Theory]
    [InlineData("gpt-4o", 9)]
    [InlineData("gpt-4", 9)]
    public async Task CountTokensAsync_HelloWorld_IsNineTokens(string model, int expected)
    {
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = model });

        var count = await client.GetService<ITokenCounter>()!.CountTokensAsync([new ChatMessage(ChatRole.User, "Hello world")], cancellationToken: Ct);

        Assert.Equal(expected, count);
    }

    [Fact]
    public async Task CountTokensAsync_InstructionsNamesAndTurns_CountsEachMessagesFraming()
    {
        var own = TiktokenTokenizer.CreateForModel("gpt-4o");
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = "gpt-4o" });
        ChatMessage[] messages =
        [
            new(ChatRole.User, "Hi, I am Ada.") { AuthorName = "ada" },
            new(ChatRole.Assistant, "Hello Ada!"),
            new(ChatRole.User, "Bye"),
        ];

        var count = await client.GetService<ITokenCounter>()!.CountTokensAsync(messages, new ChatOptions { Instructions = "Be brief." }, Ct);

        var expected = 3
            + 3 + own.CountTokens("system") + own.CountTokens("Be brief.")
            + 3 + own.CountTokens("user") + own.CountTokens("Hi, I am Ada.") + 1 + own.CountTokens("ada")
            + 3 + own.CountTokens("assistant") + own.CountTokens("Hello Ada!")
            + 3 + own.CountTokens("user") + own.CountTokens("Bye");
        Assert.Equal(expected, count);
    }

    [Fact]
    public async Task CountTokensAsync_Tools_AddsTheDocumentedFunctionOverheads()
    {
        var own = TiktokenTokenizer.CreateForModel("gpt-4o");
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = "gpt-4o" });
        var tool = AIFunctionFactory.Create(
            (string location, string unit) => "sunny",
            new AIFunctionFactoryOptions { Name = "get_weather", Description = "Gets the weather." });
        var schema = tool.JsonSchema.GetProperty("properties");
        var locationType = schema.GetProperty("location").GetProperty("type").ToString();
        var unitType = schema.GetProperty("unit").GetProperty("type").ToString();
        ChatMessage[] messages = [new(ChatRole.User, "Weather in Paris?")];

        var withTools = await client.GetService<ITokenCounter>()!.CountTokensAsync(messages, new ChatOptions { Tools = [tool] }, Ct);
        var without = await client.GetService<ITokenCounter>()!.CountTokensAsync(messages, cancellationToken: Ct);

        // 7 per function (GPT-4o family) + "name:description" without its final period, 3 for the property list,
        // 3 per property + "name:type:description", 12 to close the list.
        var functions = 7 + own.CountTokens("get_weather:Gets the weather")
            + 3
            + 3 + own.CountTokens($"location:{locationType}:")
            + 3 + own.CountTokens($"unit:{unitType}:")
            + 12;
        Assert.Equal(without + functions, withTools);
    }

    [Theory]
    [InlineData("gpt-4o", 1024, 1024, null, 765)]
    [InlineData("gpt-4o", 2048, 4096, "high", 1105)]
    [InlineData("gpt-4o", 4096, 8192, "low", 85)]
    [InlineData("gpt-4.1", 512, 512, "auto", 255)]
    [InlineData("gpt-4o-mini", 1024, 1024, "high", 25501)]
    public async Task CountTokensAsync_PngImage_FollowsTheTileRule(string model, int width, int height, string? detail, int imageTokens)
    {
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = model });
        var image = new DataContent(Png(width, height), "image/png");
        if (detail is not null)
        {
            image.AdditionalProperties = new() { ["detail"] = detail };
        }

        var withImage = await client.GetService<ITokenCounter>()!.CountTokensAsync([new ChatMessage(ChatRole.User, [new TextContent("What is this?"), image])], cancellationToken: Ct);
        var textOnly = await client.GetService<ITokenCounter>()!.CountTokensAsync([new ChatMessage(ChatRole.User, "What is this?")], cancellationToken: Ct);

        Assert.Equal(imageTokens, withImage - textOnly);
    }

    [Fact]
    public void IsExactFor_ModelOutsideTheOpenAIFamilies_IsFalse()
    {
        using var client = new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = "llama-3.1-8b-instant" });

        var counter = client.GetService<ILocalTokenCounter>()!;

        Assert.False(counter.IsExactFor("llama-3.1-8b-instant"));
        Assert.True(counter.IsExactFor("openai/gpt-4o"));
    }

    /// <summary>An OpenAI-family client of <paramref name="kind"/> whose default model (or Azure deployment) is <paramref name="model"/>.</summary>
    private static IChatClient FamilyClient(string kind, string model)
    {
        var azure = new Uri("https://contoso.openai.azure.com/");
        return kind switch
        {
            "chat" => new OpenAIChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = model }),
            "azure-chat" => new OpenAIChatClient(OpenAIOptions.ForAzure(azure, model, ApiKey)),
            "responses" => new OpenAIResponsesChatClient(new OpenAIOptions { ApiKey = ApiKey, DefaultModelId = model }),
            "azure-responses" => new OpenAIResponsesChatClient(OpenAIOptions.ForAzure(azure, model, ApiKey)),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not an OpenAI-family client kind."),
        };
    }

    /// <summary>The first 24 bytes of a PNG: signature and the IHDR width and height, which is all the rule reads.</summary>
    private static byte[] Png(int width, int height)
    {
        var bytes = new byte[33];
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R' }.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(20), height);
        return bytes;
    }
}
