using System.Diagnostics;

namespace LlmAdapters.Auth.Tests;

/// <summary>Runs the built <c>llmadapters</c> CLI as a process with a private config directory and no provider keys.</summary>
internal sealed class CliProcess : IDisposable
{
    public CliProcess()
    {
        ConfigHome = Path.Combine(Path.GetTempPath(), "llmadapters-cli-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(ConfigHome);
    }

    public string ConfigHome { get; }

    public string StoreDirectory => Path.Combine(ConfigHome, "llmadapters");

    public Dictionary<string, string> Environment { get; } = [];

    public async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "LlmAdapters.Cli.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var name in info.Environment.Keys.ToList())
        {
            if (name.EndsWith("_API_KEY", StringComparison.Ordinal) || name.StartsWith("LlmAdapters__", StringComparison.OrdinalIgnoreCase)
                || name is "ANTHROPIC_AUTH_TOKEN" or "CO_API_KEY" or "GOOGLE_APPLICATION_CREDENTIALS" or "LLMADAPTERS_MODEL")
            {
                info.Environment.Remove(name);
            }
        }

        info.Environment["XDG_CONFIG_HOME"] = ConfigHome;
        foreach (var (name, value) in Environment)
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    public void Dispose()
    {
        if (Directory.Exists(ConfigHome))
        {
            Directory.Delete(ConfigHome, recursive: true);
        }
    }
}
