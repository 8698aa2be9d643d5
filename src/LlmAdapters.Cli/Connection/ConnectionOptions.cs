using System;
using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace LlmAdapters.Cli.Connection;

/// <summary>The options every command that calls a provider shares: <c>--model</c>, <c>--endpoint</c>, <c>--offline</c>,
/// <c>--timeout</c>, with their checks (a bad endpoint or timeout, <c>--offline</c> together with <c>--endpoint</c>).</summary>
internal sealed class ConnectionOptions
{
    /// <summary>The environment variable holding the default <c>--model</c> of <c>chat</c> and <c>count</c>.</summary>
    public const string ModelVariable = "LLMADAPTERS_MODEL";

    private readonly Option<string?> _model;
    private readonly Option<string?> _endpoint;
    private readonly Option<bool> _offline;
    private readonly Option<double?> _timeout;

    public ConnectionOptions(string modelDescription)
    {
        _model = new Option<string?>("--model", "-m") { Description = modelDescription };
        _endpoint = new Option<string?>("--endpoint") { Description = "Send requests to this base URL instead of the provider's (a proxy, gateway or local server)." };
        _offline = new Option<bool>("--offline") { Description = "Answer from the built-in emulator even when a key is set or a sign-in is stored." };
        _timeout = new Option<double?>("--timeout")
        {
            Description = "Give up after this many seconds without an answer (exit code 5). Default: the provider's own timeouts (100 s to the first byte of a stream).",
            HelpName = "seconds",
        };
    }

    /// <summary>Adds the options and their checks to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(_model);
        command.Options.Add(_endpoint);
        command.Options.Add(_offline);
        command.Options.Add(_timeout);
        command.Validators.Add(Validate);
    }

    /// <summary>Reads the values the user gave.</summary>
    public ConnectionRequest Read(ParseResult parse, string defaultModel) => new(
        parse.GetValue(_model) ?? defaultModel,
        parse.GetValue(_endpoint) is { } endpoint ? new Uri(endpoint, UriKind.Absolute) : null,
        parse.GetValue(_offline),
        parse.GetValue(_timeout) is { } seconds ? TimeSpan.FromSeconds(seconds) : null);

    private void Validate(CommandResult result)
    {
        if (result.GetResult(_endpoint) is { Implicit: false } endpointResult
            && endpointResult.GetValueOrDefault<string?>() is { } endpoint
            && !(Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            result.AddError($"--endpoint '{endpoint}' is not an absolute http(s) URL such as http://localhost:8080/v1/.");
        }

        if (result.GetResult(_timeout) is { Implicit: false } timeoutResult
            && timeoutResult.GetValueOrDefault<double?>() is { } seconds
            && !(seconds > 0 && seconds <= int.MaxValue / 1000))
        {
            result.AddError(string.Create(CultureInfo.InvariantCulture, $"--timeout {seconds} is not a positive number of seconds."));
        }

        if (result.GetResult(_offline) is { Implicit: false } && result.GetResult(_endpoint) is { Implicit: false })
        {
            result.AddError("--offline and --endpoint conflict: --offline answers from the built-in emulator, --endpoint names a server. Give one.");
        }
    }
}

/// <summary>What the user asked for: which model, where, whether offline, and how long to wait.</summary>
internal sealed record ConnectionRequest(string Model, Uri? Endpoint, bool ForceOffline, TimeSpan? Timeout);
