using System.Text.Json;
using LlmAdapters.Ollama.Wire;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaEmbeddingMapperTests
{
    [Fact]
    public void ToWireRequest_NoOptions_SendsModelAndInputArray()
    {
        Json.Equal("""{"model":"all-minilm","input":["a"]}""", Json.Of(OllamaEmbeddingMapper.ToWireRequest(["a"], null, "all-minilm")));
    }

    [Fact]
    public void FromWireResponse_RecordedShape_MapsVectorsUsageAndDurations()
    {
        var wire = JsonSerializer.Deserialize(
            """{"model":"all-minilm","embeddings":[[0.010071,-0.0017166],[0.5,0.25]],"total_duration":14143917,"load_duration":1019500,"prompt_eval_count":8}""",
            OllamaJsonContext.Default.OllamaEmbedResponse)!;

        var result = OllamaEmbeddingMapper.FromWireResponse(wire, "all-minilm");

        Assert.Equal([0.010071f, -0.0017166f], result.Embeddings[0].Vector.ToArray());
        Assert.Equal([0.5f, 0.25f], result.Embeddings[1].Vector.ToArray());
        Assert.Equal(8, result.Usage!.InputTokenCount);
        Assert.Null(result.Usage.OutputTokenCount);
        Assert.Equal(TimeSpan.FromTicks(141439), result.Properties![OllamaPropertyKeys.TotalDuration]);
        Assert.Equal(TimeSpan.FromTicks(10195), result.Properties[OllamaPropertyKeys.LoadDuration]);
    }

    [Fact]
    public void FromWireResponse_NoCount_LeavesUsageUnset()
    {
        var result = OllamaEmbeddingMapper.FromWireResponse(new OllamaEmbedResponse { Embeddings = [[1f]] }, "m");

        Assert.Null(result.Usage);
        Assert.Null(result.Properties);
        Assert.Equal("m", Assert.Single(result.Embeddings).ModelId);
    }
}
