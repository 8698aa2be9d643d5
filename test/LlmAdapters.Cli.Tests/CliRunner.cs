using System.Diagnostics;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace LlmAdapters.Cli.Tests;

/// <summary>
/// Runs the built CLI as a child process (<c>dotnet LlmAdapters.Cli.dll …</c>) with a private environment — no provider key,
/// model or host of the machine leaks in — and captures its output, error stream and exit code. Every run is bounded:
/// a CLI that does not exit within the bound is killed and the test fails.
/// </summary>
internal sealed class CliRunner
{
    /// <summary>Variables the child keeps from this process: what the .NET host needs to start, nothing a provider reads.</summary>
    private static readonly string[] s_inherited = ["PATH", "HOME", "TMPDIR", "TMP", "TEMP", "DOTNET_ROOT", "SYSTEMROOT", "USERPROFILE"];

    private static readonly string s_cliAssembly = typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "CliAssembly").Value!;

    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);

    /// <summary>The longest a run may take before it is killed.</summary>
    public TimeSpan Bound { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Starts the CLI with SIGINT at its default disposition (through coreutils' <c>env --default-signal</c>), for
    /// tests that interrupt it: a test host started in the background by a non-interactive shell ignores SIGINT, and its
    /// children would inherit that.</summary>
    public bool DefaultInterrupt { get; init; }

    private int? _userId;

    /// <summary>Runs the CLI as the user with this id (through util-linux's <c>setpriv</c>, which needs root), to test
    /// what another user's files do to it.</summary>
    public CliRunner AsUser(int id)
    {
        _userId = id;
        return this;
    }

    public CliRunner With(string variable, string value)
    {
        _environment[variable] = value;
        return this;
    }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(args, whileRunning: null);

    /// <summary>Runs the CLI; <paramref name="whileRunning"/> gets the running process (to signal it, or to read what it has
    /// printed so far and act on it, as a user does) while it runs.</summary>
    public async Task<CliResult> RunAsync(string[] args, Func<RunningCli, Task>? whileRunning)
    {
        var viaEnv = DefaultInterrupt && OperatingSystem.IsLinux();
        var start = new ProcessStartInfo(_userId is not null ? "setpriv" : viaEnv ? "env" : DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        if (_userId is { } user)
        {
            foreach (var arg in new[] { $"--reuid={user}", $"--regid={user}", "--clear-groups", "--" })
            {
                start.ArgumentList.Add(arg);
            }

            if (viaEnv)
            {
                start.ArgumentList.Add("env");
            }
        }

        if (viaEnv)
        {
            start.ArgumentList.Add("--default-signal=INT");
        }

        if (_userId is not null || viaEnv)
        {
            start.ArgumentList.Add(DotnetHost());
        }

        start.ArgumentList.Add(s_cliAssembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment.Clear();
        foreach (var name in s_inherited)
        {
            if (Environment.GetEnvironmentVariable(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var config = Directory.CreateTempSubdirectory("llmadapters-cli-test-");
        start.Environment["XDG_CONFIG_HOME"] = config.FullName;
        foreach (var (name, value) in _environment)
        {
            start.Environment[name] = value;
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var running = new RunningCli(process);
        var output = running.PumpOutputAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        bound.CancelAfter(Bound);
        try
        {
            if (whileRunning is not null)
            {
                await whileRunning(running).WaitAsync(bound.Token);
            }

            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The CLI did not exit within {Bound.TotalSeconds} s: {string.Join(' ', args)}");
        }
        finally
        {
            config.Delete(recursive: true);
        }

        return new CliResult(process.ExitCode, await output, await error, clock.Elapsed);
    }

    /// <summary>The <c>dotnet</c> host of the runtime running the tests (three levels above its shared-framework folder).</summary>
    private static string DotnetHost()
    {
        var root = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
        return File.Exists(host) ? host : "dotnet";
    }
}

/// <summary>A CLI process while it runs: the process, and its output so far.</summary>
internal sealed class RunningCli(Process process)
{
    private readonly StringBuilder _output = new();

    public Process Process => process;

    /// <summary>Waits until the output so far matches <paramref name="pattern"/> and returns the match.</summary>
    public async Task<Match> WaitForOutputAsync(Regex pattern)
    {
        while (true)
        {
            string text;
            lock (_output)
            {
                text = _output.ToString();
            }

            if (pattern.Match(text) is { Success: true } match)
            {
                return match;
            }

            Assert.False(process.HasExited, $"The CLI exited before printing {pattern}: {text}");
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>Reads standard output to its end, keeping what has arrived readable while it runs.</summary>
    public async Task<string> PumpOutputAsync(CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await process.StandardOutput.ReadAsync(buffer, cancellationToken)) > 0)
        {
            lock (_output)
            {
                _output.Append(buffer, 0, read);
            }
        }

        lock (_output)
        {
            return _output.ToString();
        }
    }
}

internal sealed record CliResult(int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
}
