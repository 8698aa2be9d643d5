using System.Diagnostics;
using System.Runtime.Versioning;
using LlmAdapters.Testing;

namespace LlmAdapters.Cli.Tests;

/// <summary>
/// A token file another user owns is never used: the CLI, run as an unprivileged user over a token store whose file root
/// planted, stops before any request and names the file. Needs root (to plant the file and to switch users), as CI has.
/// </summary>
public sealed class TokenStoreOwnershipTests
{
    /// <summary>The conventional id of the unprivileged user <c>nobody</c>.</summary>
    private const int Nobody = 65534;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    [SupportedOSPlatform("linux")]
    public async Task Chat_TokenFileOwnedByAnotherUser_ExitsWith4NamingTheFileBeforeAnyRequest()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/bin/setpriv"),
            "Planting another user's file and running the CLI as another user need root and setpriv.");
        await using var signIn = await SignInEnvironment.StartAsync("anthropic");
        await using var emulator = await ProviderEmulator.StartAsync(Ct);
        Assert.Equal(0, (await signIn.Cli().RunAsync("login", "anthropic", "--device")).ExitCode);
        var file = signIn.Store.PathFor("anthropic");
        var store = Path.GetDirectoryName(file)!;
        var config = Path.GetDirectoryName(store)!;

        // The store directory becomes the unprivileged user's own; the token file in it stays root's (mode 0600).
        File.SetUnixFileMode(config, (UnixFileMode)0b111_101_101);
        await RunAsync("chown", $"{Nobody}:{Nobody}", store);
        var home = Directory.CreateDirectory(Path.Combine(config, "home"));
        await RunAsync("chown", $"{Nobody}:{Nobody}", home.FullName);

        var chat = await signIn.Cli()
            .AsUser(Nobody)
            .With("HOME", home.FullName)
            .RunAsync("chat", "hi", "-m", "anthropic:claude-haiku-4-5", "--endpoint", emulator.BaseAddress.ToString());

        Assert.Equal(4, chat.ExitCode);
        var error = Assert.Single(chat.ErrorLines);
        Assert.StartsWith("error: ", error, StringComparison.Ordinal);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.Contains("belongs to another user", error, StringComparison.Ordinal);
        Assert.Empty(emulator.Requests);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(program, args);
        await process.WaitForExitAsync(Ct);
        Assert.Equal(0, process.ExitCode);
    }
}
