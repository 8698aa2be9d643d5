using System.Text.Json;
using LlmAdapters.Cohere.Wire;
using Microsoft.Extensions.AI;
using static LlmAdapters.Cohere.Tests.TestSupport.CohereTestSupport;

namespace LlmAdapters.Cohere.Tests;

public sealed class CohereEmbeddingMapperTests
{
    [Fact]
    public void ToWireRequest_Defaults_AskForFloatSearchDocuments()
    {
        var request = CohereEmbeddingMapper.ToWireRequest(["a", "b"], "embed-v4.0", null);

        AssertJson(
            """{"model":"embed-v4.0","texts":["a","b"],"input_type":"search_document","embedding_types":["float"]}""",
            JsonSerializer.SerializeToNode(request, CohereJsonContext.Default.CohereEmbedRequest));
    }

    [Fact]
    public void ToWireRequest_Options_MapDimensionsInputTypeAndTruncate()
    {
        var options = new EmbeddingGenerationOptions
        {
            Dimensions = 512,
            AdditionalProperties = new() { [CoherePropertyKeys.InputType] = "search_query", [CoherePropertyKeys.Truncate] = "END" },
        };

        AssertJson(
            """{"model":"embed-v4.0","texts":["q"],"input_type":"search_query","embedding_types":["float"],"output_dimension":512,"truncate":"END"}""",
            JsonSerializer.SerializeToNode(CohereEmbeddingMapper.ToWireRequest(["q"], "embed-v4.0", options), CohereJsonContext.Default.CohereEmbedRequest));
    }

    [Fact]
    public void Batches_MoreThan96Texts_SplitsInOrderAt96()
    {
        var inputs = Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var batches = CohereEmbeddingMapper.Batches(inputs).ToList();

        Assert.Equal([96, 96, 8], batches.Select(b => b.Count));
        Assert.Equal(inputs, batches.SelectMany(b => b));
    }

    [Fact]
    public void AddBatch_CountMismatch_ThrowsRetryableProviderException()
    {
        var response = JsonSerializer.Deserialize("""{"embeddings":{"float":[[0.1]]}}""", CohereJsonContext.Default.CohereEmbedResponse)!;

        var ex = Assert.Throws<ProviderException>(() => CohereEmbeddingMapper.AddBatch(response, 2, "embed-v4.0", []));

        Assert.Equal(("cohere", true), (ex.Provider, ex.IsRetryable));
    }

    [Fact]
    public void InputTokens_PrefersTokensThenBilledUnits()
    {
        var both = JsonSerializer.Deserialize("""{"meta":{"billed_units":{"input_tokens":10},"tokens":{"input_tokens":11}}}""", CohereJsonContext.Default.CohereEmbedResponse)!;
        var billedOnly = JsonSerializer.Deserialize("""{"meta":{"billed_units":{"input_tokens":10}}}""", CohereJsonContext.Default.CohereEmbedResponse)!;

        Assert.Equal((11L, 10L), (CohereEmbeddingMapper.InputTokens(both)!.Value, CohereEmbeddingMapper.InputTokens(billedOnly)!.Value));
    }
}
