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
    public void FromWireResponse_FloatVectorsAndMeta_MapsVectorsInOrderAndUsage()
    {
        var response = JsonSerializer.Deserialize(
            """{"id":"e1","embeddings":{"float":[[0.1,0.2],[0.3,0.4]]},"texts":["a","b"],"meta":{"billed_units":{"input_tokens":4},"tokens":{"input_tokens":5}}}""",
            CohereJsonContext.Default.CohereEmbedResponse)!;

        var batch = CohereEmbeddingMapper.FromWireResponse(response, "embed-v4.0");

        Assert.Equal([[0.1f, 0.2f], [0.3f, 0.4f]], batch.Embeddings.Select(e => e.Vector.ToArray()));
        Assert.All(batch.Embeddings, e => Assert.Equal("embed-v4.0", e.ModelId));
        Assert.Equal((5L, 5L), (batch.Usage!.InputTokenCount!.Value, batch.Usage.TotalTokenCount!.Value));
        Assert.Equal(4L, batch.Usage.AdditionalCounts![AdditionalPropertyKeys.BilledInputTokens]);
        Assert.Null(batch.Properties);
    }

    [Fact]
    public void FromWireResponse_NoFloatVectorsNoMeta_EmptyBatchWithoutUsage()
    {
        var response = JsonSerializer.Deserialize("""{"embeddings":{"int8":[[1]]}}""", CohereJsonContext.Default.CohereEmbedResponse)!;

        var batch = CohereEmbeddingMapper.FromWireResponse(response, "embed-v4.0");

        Assert.Empty(batch.Embeddings);
        Assert.Null(batch.Usage);
    }

    [Fact]
    public void InputTokens_PrefersTokensThenBilledUnits()
    {
        var both = JsonSerializer.Deserialize("""{"meta":{"billed_units":{"input_tokens":10},"tokens":{"input_tokens":11}}}""", CohereJsonContext.Default.CohereEmbedResponse)!;
        var billedOnly = JsonSerializer.Deserialize("""{"meta":{"billed_units":{"input_tokens":10}}}""", CohereJsonContext.Default.CohereEmbedResponse)!;

        Assert.Equal((11L, 10L), (CohereEmbeddingMapper.InputTokens(both)!.Value, CohereEmbeddingMapper.InputTokens(billedOnly)!.Value));
    }
}
