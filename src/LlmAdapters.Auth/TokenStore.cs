using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth.Wire;

namespace LlmAdapters.Auth;

/// <summary>
/// One JSON file per OAuth profile (<c>{profile}.json</c>) in a directory only the user can enter. On Unix the directory
/// is created with mode 0700 and every file with 0600 — set at creation, never changed afterwards — and a file or
/// directory that is wider or belongs to another user is refused. Writes go to a temporary file that replaces the old one
/// in one rename, so a reader sees the old tokens or the new, never half. A lock file per profile serializes refreshes
/// across processes.
/// </summary>
public sealed partial class TokenStore
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupAndOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private static readonly TimeSpan LockRetryDelay = TimeSpan.FromMilliseconds(25);

    /// <summary>Initializes a new instance.</summary>
    /// <param name="directory">The directory; <see langword="null"/> uses <see cref="DefaultDirectory()"/>.</param>
    public TokenStore(string? directory = null)
    {
        Directory = Path.GetFullPath(string.IsNullOrWhiteSpace(directory) ? DefaultDirectory() : directory);
    }

    /// <summary>Gets the directory that holds the token files.</summary>
    public string Directory { get; }

    /// <summary>Gets or sets how long to wait for another process's lock on a profile.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The default directory: <c>%APPDATA%\llmadapters</c> on Windows; elsewhere <c>$XDG_CONFIG_HOME/llmadapters</c>, or
    /// <c>~/.config/llmadapters</c> when that variable is unset or not absolute.
    /// </summary>
    /// <returns>The directory path.</returns>
    public static string DefaultDirectory() => DefaultDirectory(Environment.GetEnvironmentVariable);

    /// <summary>The default directory as seen through <paramref name="environment"/> (a program's view of its variables).</summary>
    /// <param name="environment">Reads an environment variable.</param>
    /// <returns>The directory path.</returns>
    public static string DefaultDirectory(Func<string, string?> environment)
    {
        Throw.IfNull(environment);
        if (OperatingSystem.IsWindows())
        {
            var appData = environment("APPDATA") is { Length: > 0 } fromVariable ? fromVariable : Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData);
            return Path.Combine(appData, "llmadapters");
        }

        // XDG Base Directory: a relative XDG_CONFIG_HOME is invalid and must be ignored.
        if (environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "llmadapters");
        }

        var home = environment("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".config", "llmadapters");
    }

    /// <summary>The file that holds <paramref name="profile"/>'s tokens.</summary>
    /// <param name="profile">The profile name: letters, digits, <c>.</c>, <c>_</c> and <c>-</c>.</param>
    /// <returns>The path.</returns>
    /// <exception cref="ArgumentException">The name could escape the directory or is empty.</exception>
    public string PathFor(string profile) => Path.Combine(Directory, CheckName(profile) + ".json");

    /// <summary>Reads a profile's tokens.</summary>
    /// <param name="profile">The profile name.</param>
    /// <returns>The tokens, or <see langword="null"/> when the profile has no file.</returns>
    /// <exception cref="TokenStoreException">The file is corrupt, too widely readable, or not the user's.</exception>
    public OAuthTokens? Read(string profile)
    {
        var path = PathFor(profile);
        if (!File.Exists(path))
        {
            return null;
        }

        CheckDirectory(create: false);
        CheckPrivate(path, FileMode, "chmod 600");
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new TokenStoreException($"The token file {path} cannot be read ({ex.GetType().Name}). Check it, or delete it and sign in again.", path, ex);
        }

        StoredTokenFile? file;
        try
        {
            file = JsonSerializer.Deserialize(bytes, OAuthJsonContext.Default.StoredTokenFile);
        }
        catch (JsonException ex)
        {
            // The parser's message may quote the file's content, which holds tokens: only its position is kept.
            throw new TokenStoreException(
                $"The token file {path} is corrupt (not valid JSON at line {ex.LineNumber + 1}). Delete it and sign in again (llmadapters logout {profile}; llmadapters login).",
                path);
        }

        if (file is null || string.IsNullOrWhiteSpace(file.AccessToken) || file.Version != 1)
        {
            throw new TokenStoreException(
                $"The token file {path} is corrupt (no access token, or an unknown format version). Delete it and sign in again (llmadapters logout {profile}; llmadapters login).",
                path);
        }

        return new OAuthTokens(file.AccessToken, file.RefreshToken, file.ExpiresAt, file.ObtainedAt, file.Scope);
    }

    /// <summary>Writes a profile's tokens atomically: a new 0600 file in the same directory, renamed over the old one.</summary>
    /// <param name="profile">The profile name.</param>
    /// <param name="tokens">The tokens.</param>
    /// <exception cref="TokenStoreException">The directory is not the user's or is too widely accessible.</exception>
    public void Write(string profile, OAuthTokens tokens)
    {
        Throw.IfNull(tokens);
        var path = PathFor(profile);
        CheckDirectory(create: true);
        var file = new StoredTokenFile
        {
            Profile = profile,
            AccessToken = tokens.AccessToken,
            RefreshToken = tokens.RefreshToken,
            ExpiresAt = tokens.ExpiresAt,
            ObtainedAt = tokens.ObtainedAt,
            Scope = tokens.Scope,
        };
        var temporary = Path.Combine(Directory, $".{profile}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, CreateOptions(System.IO.FileMode.CreateNew, FileAccess.Write, FileShare.None)))
            {
                JsonSerializer.Serialize(stream, file, OAuthJsonContext.Default.StoredTokenFile);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Deletes a profile's tokens.</summary>
    /// <param name="profile">The profile name.</param>
    /// <returns><see langword="true"/> when there was a file.</returns>
    public bool Delete(string profile)
    {
        var path = PathFor(profile);
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Lists the profiles that have a token file.</summary>
    /// <returns>The profile names, sorted.</returns>
    public IReadOnlyList<string> ListProfiles()
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            return [];
        }

        return [.. System.IO.Directory.EnumerateFiles(Directory, "*.json")
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(name => ProfileName().IsMatch(name))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Takes the profile's lock file (<c>{profile}.lock</c>, opened with <see cref="FileShare.None"/>, which other processes
    /// see as an exclusive lock), retrying until <see cref="LockTimeout"/>. Dispose the result to release it.
    /// </summary>
    /// <param name="profile">The profile name.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The held lock.</returns>
    /// <exception cref="TokenStoreException">Another process held the lock for longer than <see cref="LockTimeout"/>.</exception>
    public async Task<IDisposable> LockAsync(string profile, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory, CheckName(profile) + ".lock");
        CheckDirectory(create: true);
        var deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        while (true)
        {
            try
            {
                return new FileStream(path, CreateOptions(System.IO.FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (Environment.TickCount64 >= deadline)
                {
                    throw new TokenStoreException(
                        $"The lock file {path} stayed locked for {LockTimeout.TotalSeconds:0} seconds. If no other llmadapters process is running, delete it and retry.",
                        path, ex);
                }
            }

            await Task.Delay(LockRetryDelay, cancellationToken).ConfigureAwait(false);
        }
    }

    private static FileStreamOptions CreateOptions(System.IO.FileMode mode, FileAccess access, FileShare share)
    {
        var options = new FileStreamOptions { Mode = mode, Access = access, Share = share };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = FileMode;
        }

        return options;
    }

    private static string CheckName(string profile)
    {
        Throw.IfNullOrWhiteSpace(profile);
        return ProfileName().IsMatch(profile)
            ? profile
            : throw new ArgumentException($"'{profile}' is not a usable profile name: use letters, digits, '.', '_' and '-', not starting with '.'.", nameof(profile));
    }

    private void CheckDirectory(bool create)
    {
        if (!System.IO.Directory.Exists(Directory))
        {
            if (!create)
            {
                return;
            }

            if (OperatingSystem.IsWindows())
            {
                System.IO.Directory.CreateDirectory(Directory);
            }
            else
            {
                System.IO.Directory.CreateDirectory(Directory, DirectoryMode);
            }

            return;
        }

        CheckPrivate(Directory, DirectoryMode, "chmod 700");
    }

    // Windows: %APPDATA% is already private to the user by its ACL; the Unix mode checks do not apply there.
    private static void CheckPrivate(string path, UnixFileMode expected, string fix)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        if ((mode & GroupAndOther) != 0)
        {
            throw new TokenStoreException(
                $"{path} is accessible to other users (mode {Octal(mode)}); it must be {Octal(expected)}. Run '{fix} {path}' if it is yours, or delete it and sign in again.",
                path);
        }

        // .NET exposes no owner id; setting the mode a path already has succeeds only for its owner (or root), so this
        // detects a file planted by another user without changing anything.
        try
        {
            File.SetUnixFileMode(path, mode);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new TokenStoreException(
                $"{path} belongs to another user, so its tokens cannot be trusted. Delete it (or have its owner delete it) and sign in again.",
                path, ex);
        }
    }

    private static string Octal(UnixFileMode mode) => Convert.ToString((int)mode, 8).PadLeft(4, '0');

    [GeneratedRegex("^[A-Za-z0-9_\\-][A-Za-z0-9._\\-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileName();
}
