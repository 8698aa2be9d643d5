using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmAdapters.Testing;

/// <summary>
/// A loopback HTTP server that speaks the providers' real wire protocols (paths, auth headers, JSON, SSE and
/// NDJSON framing, error bodies). Script it with <see cref="Enqueue(ScriptedReply)"/>, point an adapter's
/// endpoint at <see cref="BaseAddress"/>, then assert on <see cref="Requests"/> and on what the adapter returned.
/// </summary>
public sealed class ProviderEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedReply> _replies = new();
    private readonly ConcurrentQueue<CapturedRequest> _requests = new();
    private readonly IReadOnlyList<EmulatorDialect> _dialects;

    private ProviderEmulator(WebApplication app, ProviderEmulatorOptions options)
    {
        _app = app;
        Options = options;
        _dialects = options.Dialects?.ToArray() ?? [.. BuiltInDialects.Create()];
    }

    /// <summary>Gets the base address, for example <c>http://127.0.0.1:49152/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Gets the options.</summary>
    public ProviderEmulatorOptions Options { get; }

    /// <summary>Gets the clock used for dates in replies.</summary>
    public TimeProvider TimeProvider => Options.TimeProvider;

    /// <summary>Gets every request received so far, in arrival order.</summary>
    public IReadOnlyList<CapturedRequest> Requests => _requests.ToArray();

    /// <summary>Gets the most recent request.</summary>
    public CapturedRequest LastRequest => _requests.LastOrDefault() ?? throw new InvalidOperationException("The emulator has not received any request yet.");

    /// <summary>Gets or sets the reply used when the queue is empty; <see langword="null"/> answers with a short fixed greeting
    /// split into four chunks.</summary>
    public Func<CapturedRequest, ScriptedReply>? DefaultResponder { get; set; }

    /// <summary>Starts an emulator on 127.0.0.1 with a free port and every built-in dialect.</summary>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulator.</returns>
    public static Task<ProviderEmulator> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(new ProviderEmulatorOptions(), cancellationToken);

    /// <summary>Starts an emulator with the given options.</summary>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The running emulator.</returns>
    public static async Task<ProviderEmulator> StartAsync(ProviderEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, options.Port);
            k.Limits.MaxRequestBodySize = 256L * 1024 * 1024;
        });
        var app = builder.Build();
        var emulator = new ProviderEmulator(app, options);
        app.Run(emulator.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
        return emulator;
    }

    /// <summary>Queues a reply for the next request (first in, first out, across all dialects).</summary>
    /// <param name="reply">The reply.</param>
    /// <returns>This emulator.</returns>
    public ProviderEmulator Enqueue(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        _replies.Enqueue(reply);
        return this;
    }

    /// <summary>Queues several replies.</summary>
    /// <param name="replies">The replies, in order.</param>
    /// <returns>This emulator.</returns>
    public ProviderEmulator Enqueue(params ScriptedReply[] replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        foreach (var reply in replies)
        {
            Enqueue(reply);
        }

        return this;
    }

    /// <summary>Forgets captured requests and queued replies.</summary>
    public void Reset()
    {
        _requests.Clear();
        _replies.Clear();
    }

    /// <summary>Builds a URI relative to <see cref="BaseAddress"/>.</summary>
    /// <param name="relative">A relative path such as <c>v1/</c>.</param>
    /// <returns>The absolute URI.</returns>
    public Uri Url(string relative) => new(BaseAddress, relative);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Gets a token cancelled when the emulator starts stopping.</summary>
    internal CancellationToken Stopping => _app.Lifetime.ApplicationStopping;

    internal ScriptedReply TakeReply(CapturedRequest request)
    {
        if (_replies.TryDequeue(out var reply))
        {
            return reply;
        }

        return DefaultResponder?.Invoke(request) ?? ScriptedReply.Text("Hello from the LlmAdapters emulator.").InChunks(4);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = await CaptureAsync(context).ConfigureAwait(false);
        _requests.Enqueue(request);
        var dialect = _dialects.FirstOrDefault(d => d.CanHandle(request));
        if (dialect is null)
        {
            context.Response.StatusCode = 404;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                $"{{\"error\":{{\"message\":\"The emulator has no dialect for {request.Method} {request.Path}.\",\"type\":\"not_found\"}}}}",
                context.RequestAborted).ConfigureAwait(false);
            return;
        }

        try
        {
            await dialect.HandleAsync(new EmulatorExchange(context, this, request)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
    }

    private static async Task<CapturedRequest> CaptureAsync(HttpContext context)
    {
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var header in context.Request.Headers)
        {
            headers[header.Key] = header.Value.ToString();
        }

        return new CapturedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? string.Empty,
            headers,
            body);
    }
}
