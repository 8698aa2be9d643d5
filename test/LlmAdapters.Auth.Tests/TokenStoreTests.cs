using System.Runtime.Versioning;

namespace LlmAdapters.Auth.Tests;

// The mode tests skip themselves on Windows; the attribute tells the analyzer so.
[UnsupportedOSPlatform("windows")]
public sealed class TokenStoreTests : IDisposable
{
    private static readonly DateTimeOffset Issued = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "llmadapters-store-" + Guid.NewGuid().ToString("N"));

    private string StoreDirectory => Path.Combine(_root, "config", "llmadapters");

    [Fact]
    public void Write_NewStore_CreatesDirectory0700AndFile0600()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix modes");
        var store = new TokenStore(StoreDirectory);

        store.Write("work", Tokens("a1"));

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(StoreDirectory));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathFor("work")));
        Assert.Equal(Path.Combine(StoreDirectory, "work.json"), store.PathFor("work"));
    }

    [Fact]
    public void Read_AfterWrite_ReturnsTheSameTokens()
    {
        var store = new TokenStore(StoreDirectory);
        store.Write("work", new OAuthTokens("a1", "r1", Issued.AddHours(1), Issued, "inference"));

        var read = store.Read("work")!;

        Assert.Equal(("a1", "r1", Issued.AddHours(1), Issued, "inference"), (read.AccessToken, read.RefreshToken, read.ExpiresAt, read.ObtainedAt, read.Scope));
    }

    [Fact]
    public void Write_Twice_ReplacesAtomicallyKeepingModeAndLeavingNoTemporaryFile()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix modes");
        var store = new TokenStore(StoreDirectory);
        store.Write("work", Tokens("a1"));
        var first = new FileInfo(store.PathFor("work"));

        store.Write("work", Tokens("a2"));

        Assert.Equal("a2", store.Read("work")!.AccessToken);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(store.PathFor("work")));
        Assert.Equal(["work.json"], Directory.GetFiles(StoreDirectory).Select(Path.GetFileName));
        Assert.NotNull(first);
    }

    [Fact]
    public async Task Read_WhileAnotherThreadKeepsWriting_NeverSeesAHalfWrittenFile()
    {
        var store = new TokenStore(StoreDirectory);
        store.Write("work", Tokens(new string('a', 4000)));
        using var stop = new CancellationTokenSource();

        var writer = Task.Run(() =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                store.Write("work", Tokens(new string((char)('a' + (i % 26)), 4000)));
            }
        }, TestContext.Current.CancellationToken);
        for (var i = 0; i < 300; i++)
        {
            var read = store.Read("work")!; // a torn file would throw TokenStoreException (corrupt)
            Assert.Equal(4000, read.AccessToken.Length);
            Assert.Single(read.AccessToken.Distinct());
        }

        await stop.CancelAsync();
        await writer;
    }

    [Fact]
    public void Read_CorruptFile_ThrowsNamingFileAndWithoutItsContent()
    {
        var store = new TokenStore(StoreDirectory);
        store.Write("work", Tokens("a1"));
        File.WriteAllText(store.PathFor("work"), "{\"version\":1,\"access_token\":\"sk-ant-oat01-leaked-secret");

        var error = Assert.Throws<TokenStoreException>(() => store.Read("work"));

        Assert.Equal(store.PathFor("work"), error.FilePath);
        Assert.StartsWith($"The token file {store.PathFor("work")} is corrupt", error.Message, StringComparison.Ordinal);
        Assert.Contains("llmadapters logout work", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("leaked-secret", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileWithoutAccessToken_ThrowsCorrupt()
    {
        var store = new TokenStore(StoreDirectory);
        store.Write("work", Tokens("a1"));
        File.WriteAllText(store.PathFor("work"), "{\"version\":1}");

        var error = Assert.Throws<TokenStoreException>(() => store.Read("work"));

        Assert.Contains("is corrupt (no access token", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_FileReadableByOthers_ThrowsWithTheFix()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix modes");
        var store = new TokenStore(StoreDirectory);
        store.Write("work", Tokens("a1"));
        File.SetUnixFileMode(store.PathFor("work"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        var error = Assert.Throws<TokenStoreException>(() => store.Read("work"));

        Assert.Equal(
            $"{store.PathFor("work")} is accessible to other users (mode 0644); it must be 0600. Run 'chmod 600 {store.PathFor("work")}' if it is yours, or delete it and sign in again.",
            error.Message);
    }

    [Fact]
    public void Write_DirectoryOpenToGroup_ThrowsWithTheFix()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix modes");
        Directory.CreateDirectory(StoreDirectory);
        File.SetUnixFileMode(StoreDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);
        var store = new TokenStore(StoreDirectory);

        var error = Assert.Throws<TokenStoreException>(() => store.Write("work", Tokens("a1")));

        Assert.Contains("(mode 0750); it must be 0700. Run 'chmod 700 ", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(store.PathFor("work")));
    }

    [Fact]
    public async Task LockAsync_HeldByAnotherOpener_WaitsThenThrowsNamingTheLockFile()
    {
        var first = new TokenStore(StoreDirectory);
        var second = new TokenStore(StoreDirectory) { LockTimeout = TimeSpan.FromMilliseconds(200) };
        using (await first.LockAsync("work", TestContext.Current.CancellationToken))
        {
            var error = await Assert.ThrowsAsync<TokenStoreException>(() => second.LockAsync("work", TestContext.Current.CancellationToken));
            Assert.Equal(Path.Combine(StoreDirectory, "work.lock"), error.FilePath);
        }

        using var again = await second.LockAsync("work", TestContext.Current.CancellationToken);
        Assert.NotNull(again);
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("a/b")]
    public void PathFor_NameThatCouldEscape_ThrowsArgumentException(string name)
    {
        var store = new TokenStore(StoreDirectory);

        var error = Assert.Throws<ArgumentException>(() => store.PathFor(name));

        Assert.Equal("profile", error.ParamName);
    }

    [Fact]
    public void ListProfiles_TwoFiles_ReturnsNamesSorted()
    {
        var store = new TokenStore(StoreDirectory);
        store.Write("zeta", Tokens("a"));
        store.Write("alpha", Tokens("b"));

        Assert.Equal(["alpha", "zeta"], store.ListProfiles());
    }

    [Fact]
    public void DefaultDirectory_XdgConfigHomeSet_UsesIt()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "XDG is for Unix");
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "/tmp/xdg", ["HOME"] = "/home/u" };

        Assert.Equal("/tmp/xdg/llmadapters", TokenStore.DefaultDirectory(environment.GetValueOrDefault));
    }

    [Fact]
    public void DefaultDirectory_XdgConfigHomeRelative_FallsBackToHomeConfig()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "XDG is for Unix");
        var environment = new Dictionary<string, string> { ["XDG_CONFIG_HOME"] = "relative/dir", ["HOME"] = "/home/u" };

        Assert.Equal("/home/u/.config/llmadapters", TokenStore.DefaultDirectory(environment.GetValueOrDefault));
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static OAuthTokens Tokens(string access) => new(access, "refresh-" + access.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Issued.AddHours(1), Issued);
}
