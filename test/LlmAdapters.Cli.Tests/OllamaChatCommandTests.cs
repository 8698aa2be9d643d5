using LlmAdapters.Cli.Offline;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

public sealed class OllamaChatCommandTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Chat_OllamaWithNothingListeningLocally_AnswersFromTheEmulatorAndSaysWhy()
    {
        if (await LocalServerProbe.IsListeningAsync(new Uri("http://localhost:11434/"), Ct))
        {
            Assert.Skip("A server listens on localhost:11434, so the CLI rightly talks to it.");
        }

        var result = await new CliRunner().RunAsync("chat", "-m", "ollama:llama3.2", "Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["offline: no Ollama answering at http://localhost:11434, answering from the built-in emulator"], result.ErrorLines);
        Assert.StartsWith(
            "You said: \"Hi\"\n\nThis answer comes from the LlmAdapters emulator on this machine (no Ollama answering at http://localhost:11434). Start Ollama locally to talk to it.\n",
            result.Output,
            StringComparison.Ordinal);
        Assert.EndsWith(" · ollama:llama3.2", result.OutputLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OllamaHost_TalksToTheNamedServer()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        emulator.Enqueue(ScriptedReply.Text("from the server").WithUsage(2, 3));
        var host = $"127.0.0.1:{emulator.BaseAddress.Port}";

        var result = await new CliRunner().With("OLLAMA_HOST", host).RunAsync("chat", "-m", "ollama:qwen3", "--no-stream", "Hi");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.ErrorLines);
        Assert.Equal("from the server", result.OutputLines[0]);
        Assert.Equal(("/api/chat", "qwen3"), (emulator.LastRequest.Path, emulator.LastRequest.Json!["model"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Chat_OllamaHostNotRunning_SaysOllamaIsNotRunningThere()
    {
        var port = OllamaPortNothingListensOn();

        var result = await new CliRunner().With("OLLAMA_HOST", $"127.0.0.1:{port}").RunAsync("chat", "-m", "ollama:llama3.2", "Hi");

        Assert.Equal(ExitCodes.ProviderError, result.ExitCode);
        Assert.StartsWith($"error: Ollama is not running at http://127.0.0.1:{port}: the connection was refused. Start it with `ollama serve`", result.ErrorLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_OllamaHostUnusable_IsAUsageError()
    {
        var result = await new CliRunner().With("OLLAMA_HOST", "gpu-box:port").RunAsync("chat", "-m", "ollama:llama3.2", "Hi");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: OLLAMA_HOST 'gpu-box:port' has no valid port", result.ErrorLines[^1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsListeningAsync_ListeningAndClosedPorts_AreToldApart()
    {
        await using var emulator = await ProviderEmulator.StartAsync(Ct);

        Assert.True(await LocalServerProbe.IsListeningAsync(emulator.BaseAddress, Ct));
        Assert.False(await LocalServerProbe.IsListeningAsync(new Uri($"http://127.0.0.1:{OllamaPortNothingListensOn()}/"), Ct));
    }

    private static int OllamaPortNothingListensOn()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
