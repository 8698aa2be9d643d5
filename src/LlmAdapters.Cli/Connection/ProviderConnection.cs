using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Auth;
using LlmAdapters.Cli.Commands;
using LlmAdapters.Cli.Offline;
using LlmAdapters.Providers;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace LlmAdapters.Cli.Connection;

/// <summary>
/// One command's way to a provider: the resolved spec, the credential (<see cref="KeySource"/>: the stored OAuth sign-in, else
/// the key from the environment, named in one <c>credential:</c> line on stderr), and — when there is neither, the user asked
/// for <c>--offline</c>, or a local server is not running — the built-in emulator, started here and stopped on dispose.
/// Chat, embed and count all connect through this, so they go offline for the same reasons and say so the same way.
/// </summary>
internal sealed class ProviderConnection : IAsyncDisposable
{
    private readonly CliContext _context;
    private readonly LlmProviderDescriptor _descriptor;
    private readonly ConnectionRequest _request;
    private readonly ProviderEmulator? _emulator;
    private readonly LlmClientFactory _factory;
    private readonly string? _signInProfile;

    private ProviderConnection(
        CliContext context, ModelSpec spec, LlmProviderDescriptor descriptor, ConnectionRequest request, ProviderEmulator? emulator, string? offlineReason,
        KeySource? source, TokenStore store)
    {
        _factory = source?.CreateFactory(store, OAuthCommandSupport.RefreshSkew(context)) ?? new LlmClientFactory();
        _signInProfile = source?.Kind == KeySourceKind.StoredSignIn ? source.ProfileName : null;
        _context = context;
        Spec = spec;
        _descriptor = descriptor;
        _request = request;
        _emulator = emulator;
        OfflineReason = offlineReason;
    }

    public ModelSpec Spec { get; }

    public LlmProviderInfo Provider => _descriptor.Info;

    /// <summary>Why the emulator answers, or <see langword="null"/> when the real service (or the given endpoint) does.</summary>
    public string? OfflineReason { get; }

    /// <summary>Where requests go, for messages: the provider's name and the origin of the endpoint when one was given.</summary>
    public string Target => _request.Endpoint is { } endpoint && _emulator is null
        ? $"{Provider.DisplayName} at {endpoint.GetLeftPart(UriPartial.Authority)}"
        : Provider.DisplayName;

    /// <summary>What a command with <paramref name="request"/> waits for, named before it connects: the provider, and where
    /// when an endpoint is given.</summary>
    public static string Describe(ConnectionRequest request)
    {
        var provider = request.Model.Split(':', 2)[0].Trim();
        var name = LlmClientFactory.FindProvider(provider)?.DisplayName ?? provider;
        return request.Endpoint is { } endpoint && !request.ForceOffline ? $"{name} at {endpoint.GetLeftPart(UriPartial.Authority)}" : name;
    }

    /// <summary>Resolves the spec and decides between the real service and the emulator; prints the offline notice.</summary>
    /// <exception cref="ArgumentException">The spec is malformed, or names a provider without embeddings when <paramref name="embeddings"/>.</exception>
    /// <exception cref="CliMissingKeyException">An endpoint was given but the provider's key is not set and nobody is signed in.</exception>
    /// <exception cref="TokenStoreException">The stored sign-in's file is corrupt or not private.</exception>
    public static async Task<ProviderConnection> OpenAsync(CliContext context, ConnectionRequest request, bool embeddings, CancellationToken cancellationToken)
    {
        var spec = ResolveSpec(request.Model, embeddings);
        var descriptor = LlmProviderRegistry.Find(spec.Provider)!;
        var provider = descriptor.Info;
        var store = OAuthCommandSupport.Store(context);
        var source = KeySource.Resolve(context, descriptor, store);
        var missingKey = source.Kind == KeySourceKind.Missing;
        if (missingKey && request.Endpoint is not null && !request.ForceOffline)
        {
            var signIn = source.UnusedProfile is null ? string.Empty : $", run 'llmadapters login {provider.Name}' (OAuth profile '{source.UnusedProfile}')";
            throw new CliMissingKeyException(
                $"No {provider.ApiKeyEnvironmentVariable} set for {provider.DisplayName} at {request.Endpoint.GetLeftPart(UriPartial.Authority)}: " +
                $"set {provider.ApiKeyEnvironmentVariable}{signIn}, or leave out --endpoint to answer offline from the built-in emulator.");
        }

        var reason = request.ForceOffline ? "--offline given"
            : request.Endpoint is not null ? null
            : missingKey ? source.MissingReason
            : await LocalServerOfflineReasonAsync(provider, descriptor, context, cancellationToken).ConfigureAwait(false);
        ProviderEmulator? emulator = null;
        if (reason is not null)
        {
            emulator = await OfflineEmulator.StartAsync(provider, reason, cancellationToken).ConfigureAwait(false);
            context.Error.MarkupLine($"[yellow]offline:[/] {Markup.Escape(reason)}, answering from the built-in emulator");
        }
        else if (source.Kind is KeySourceKind.Key or KeySourceKind.StoredSignIn)
        {
            context.Error.MarkupLine($"[grey]credential:[/] {Markup.Escape(source.Description)}");
        }

        return new ProviderConnection(context, spec, descriptor, request, emulator, reason, emulator is null ? source : null, store);
    }

    public IChatClient CreateChatClient() => _factory.CreateChatClient(Spec.ToString(), Configure);

    public IEmbeddingGenerator<string, Embedding<float>> CreateEmbeddingGenerator() =>
        _factory.CreateEmbeddingGenerator(Spec.ToString(), Configure);

    public async ValueTask DisposeAsync()
    {
        if (_emulator is not null)
        {
            await _emulator.DisposeAsync().ConfigureAwait(false);
        }
    }

    private void Configure(LlmProviderSettings settings)
    {
        if (_emulator is not null)
        {
            settings.Endpoint = LlmClientFactory.EmulatorEndpoint(Spec.Provider, _emulator.BaseAddress);
            settings.ApiKey = OfflineEmulator.ApiKey;
        }
        else
        {
            settings.Endpoint = _request.Endpoint;
            _descriptor.ApplyEnvironment(settings, _context.GetEnvironmentVariable);

            // The factory then sends the profile's stored token instead of the key, and refreshes it before it expires.
            settings.OAuthProfile = _signInProfile;
        }

        // --timeout bounds each wait the adapter has (for the headers, between bytes) as well as the whole command.
        if (_request.Timeout is { } timeout)
        {
            settings.ResponseHeadersTimeout = timeout;
            settings.StreamIdleTimeout = timeout;
        }
    }

    /// <summary>Resolves the spec; when its provider is unknown, the message also names the closest known provider.</summary>
    private static ModelSpec ResolveSpec(string model, bool embeddings)
    {
        try
        {
            return embeddings ? LlmClientFactory.ResolveEmbeddingSpec(model) : LlmClientFactory.ResolveSpec(model);
        }
        catch (ArgumentException ex) when (model.Split(':', 2)[0].Trim() is { Length: > 0 } provider && LlmClientFactory.FindProvider(provider) is null
            && TypoHints.DidYouMean(provider, LlmClientFactory.Providers.Select(p => p.Name)) is { Length: > 0 } hint)
        {
            throw new CliUsageException(ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal) + hint);
        }
    }

    /// <summary>For a keyless server that usually runs on this machine (Ollama): offline when nothing listens at its address.
    /// A server the environment names (OLLAMA_HOST) is always used as named, so its errors are shown rather than hidden.</summary>
    private static async Task<string?> LocalServerOfflineReasonAsync(LlmProviderInfo provider, LlmProviderDescriptor descriptor, CliContext context, CancellationToken cancellationToken) =>
        descriptor.LocalServer(context.GetEnvironmentVariable) is { } local && !await LocalServerProbe.IsListeningAsync(local, cancellationToken).ConfigureAwait(false)
            ? $"no {provider.DisplayName} answering at {local.GetLeftPart(UriPartial.Authority)}"
            : null;
}
