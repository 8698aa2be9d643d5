namespace LlmAdapters.Auth.Tests;

public sealed class StoredTokenCredentialTwoProcessTests
{
    [Fact]
    public async Task GetTokensAsync_TwoProcessesRefreshAtOnce_OneRefreshBothGetTheSameToken()
    {
        // Rotating refresh tokens make a second, uncoordinated refresh fail with invalid_grant, so this only passes when the
        // lock file serializes the two processes and the second reads what the first wrote.
        await using var bed = await OAuthTestBed.StartAsync();
        bed.Store.Write("shared", new OAuthTokens("expired-access", "seed-refresh", DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(-1)));
        await SeedRefreshTokenAsync(bed);
        var startFile = Path.Combine(bed.Root, "go");

        using var first = RefreshProbe.Start(bed.Store.Directory, bed.Server.TokenEndpoint, bed.Profile.ClientId!, startFile);
        using var second = RefreshProbe.Start(bed.Store.Directory, bed.Server.TokenEndpoint, bed.Profile.ClientId!, startFile);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(startFile, "go", TestContext.Current.CancellationToken);
        var outputs = await Task.WhenAll(ReadAsync(first), ReadAsync(second));

        Assert.All(outputs, o => Assert.Equal(0, o.ExitCode));
        Assert.Equal(1, bed.Server.RefreshCount);
        var stored = bed.Store.Read("shared")!;
        Assert.Equal(["token=" + stored.AccessToken, "token=" + stored.AccessToken], outputs.Select(o => o.Output.Trim()));
        Assert.True(bed.Server.IsActive(stored.AccessToken));
    }

    private static async Task SeedRefreshTokenAsync(OAuthTestBed bed)
    {
        // A real refresh token from the server: sign in once, then mark the stored access token expired.
        bed.Server.Options.PollingInterval = TimeSpan.FromSeconds(1);
        using var signIn = bed.SignIn("shared");
        var tokens = await signIn.SignInWithDeviceCodeAsync((_, _) => ValueTask.CompletedTask, TestContext.Current.CancellationToken);
        bed.Store.Write("shared", new OAuthTokens(tokens.AccessToken, tokens.RefreshToken, DateTimeOffset.UtcNow.AddMinutes(-1), tokens.ObtainedAt));
    }

    private static async Task<(int ExitCode, string Output)> ReadAsync(System.Diagnostics.Process process)
    {
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        var text = await output;
        Assert.True(process.ExitCode == 0, $"probe failed ({process.ExitCode}): {await error}");
        return (process.ExitCode, text);
    }
}
