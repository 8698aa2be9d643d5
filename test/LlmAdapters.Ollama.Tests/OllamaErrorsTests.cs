using System.Net;
using System.Text;

namespace LlmAdapters.Ollama.Tests;

public sealed class OllamaErrorsTests
{
    [Fact]
    public void Parse_ErrorBody_TakesTheMessageAndLeavesTheKindToTheStatus()
    {
        var info = OllamaErrors.Parse(404, Encoding.UTF8.GetBytes("""{"error":"model 'llama3.2' not found"}"""));

        Assert.Equal(new ProviderErrorInfo(Message: "model 'llama3.2' not found"), info);
    }

    [Fact]
    public void Parse_CloudSignInBody_KeepsTheMessage()
    {
        var info = OllamaErrors.Parse(401, Encoding.UTF8.GetBytes("""{"error":"unauthorized","signin_url":"https://ollama.com/connect?key=abc"}"""));

        Assert.Equal("unauthorized", info.Message);
    }

    [Fact]
    public void Parse_EmptyBody_IsEmpty()
    {
        Assert.Equal(default, OllamaErrors.Parse(500, []));
    }

    [Fact]
    public void Refine_OtherFailures_AreKept()
    {
        var endpoint = new Uri("http://localhost:11434/");
        var details = new ProviderErrorDetails("ollama", HttpStatusCode.BadRequest);

        Assert.Null(OllamaErrors.Refine(new InvalidRequestException("bad", details), "llama3.2", endpoint));
        Assert.Null(OllamaErrors.Refine(new ModelNotFoundException("gone", details with { StatusCode = HttpStatusCode.NotFound }), null, endpoint));
        Assert.Null(OllamaErrors.Refine(new ProviderNetworkException("dns", new ProviderErrorDetails("ollama"), new HttpRequestException("no such host")), "m", endpoint));
        Assert.Null(OllamaErrors.Refine(new ProviderTimeoutException("slow", new ProviderErrorDetails("ollama")), "m", endpoint));
    }

    [Fact]
    public void Refine_MissingModel_KeepsTheFactsOfTheFailure()
    {
        var original = new ModelNotFoundException("404", new ProviderErrorDetails("ollama", HttpStatusCode.NotFound, RequestId: "r1"));

        var refined = Assert.IsType<ModelNotFoundException>(OllamaErrors.Refine(original, "qwen3:8b", new Uri("http://gpu-box:11434/")));

        Assert.Equal(
            "The Ollama server at http://gpu-box:11434 does not have the model 'qwen3:8b'. Run `ollama pull qwen3:8b` there and retry (`ollama list` shows the models it has), or check the model name and OllamaOptions.Endpoint.",
            refined.Message);
        Assert.Equal(("ollama", HttpStatusCode.NotFound, "r1"), (refined.Provider, refined.StatusCode!.Value, refined.RequestId));
        Assert.Same(original, refined.InnerException);
    }
}
