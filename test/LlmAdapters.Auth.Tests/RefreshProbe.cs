using System.Diagnostics;

namespace LlmAdapters.Auth.Tests;

/// <summary>
/// The second process of the two-process refresh test: waits for a start file, asks a <see cref="StoredTokenCredential"/>
/// for tokens (which refreshes them under the store's lock file) and prints the access token it got.
/// </summary>
internal static class RefreshProbe
{
    public const string Switch = "--refresh-probe";

    public static async Task<int> RunAsync(string[] args)
    {
        // store directory, token endpoint, client id, start file
        var (directory, tokenEndpoint, clientId, startFile) = (args[0], new Uri(args[1]), args[2], args[3]);
        var profile = new OAuthProfile { TokenEndpoint = tokenEndpoint, ClientId = clientId };
        using var credential = new StoredTokenCredential("shared", profile, new TokenStore(directory));
        var wait = Stopwatch.StartNew();
        while (!File.Exists(startFile))
        {
            if (wait.Elapsed > TimeSpan.FromSeconds(60))
            {
                return 3;
            }

            await Task.Delay(5);
        }

        var tokens = await credential.GetTokensAsync();
        await Console.Out.WriteLineAsync("token=" + tokens.AccessToken);
        return 0;
    }

    /// <summary>Starts a probe process over this test assembly.</summary>
    public static Process Start(string directory, Uri tokenEndpoint, string clientId, string startFile)
    {
        var dotnet = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
        var info = new ProcessStartInfo(dotnet)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { typeof(RefreshProbe).Assembly.Location, Switch, directory, tokenEndpoint.AbsoluteUri, clientId, startFile })
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The probe process did not start.");
    }
}
