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

        var result = OllamaEmbeddingMapper.FromWireResponse(wire, 2, "all-minilm");

        Assert.Equal([0.010071f, -0.0017166f], result[0].Vector.ToArray());
        Assert.Equal([0.5f, 0.25f], result[1].Vector.ToArray());
        Assert.Equal(8, result.Usage!.InputTokenCount);
        Assert.Null(result.Usage.OutputTokenCount);
        Assert.Equal(TimeSpan.FromTicks(141439), result.AdditionalProperties![OllamaPropertyKeys.TotalDuration]);
    }

    [Fact]
    public void FromWireResponse_NoCount_LeavesUsageUnset()
    {
        var result = OllamaEmbeddingMapper.FromWireResponse(new OllamaEmbedResponse { Embeddings = [[1f]] }, 1, "m");

        Assert.Null(result.Usage);
        Assert.Equal("m", result[0].ModelId);
    }
}
