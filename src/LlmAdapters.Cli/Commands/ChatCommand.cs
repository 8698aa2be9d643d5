using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Threading;
using System.Threading.Tasks;
using LlmAdapters.Cli.Offline;
using LlmAdapters.Testing;
using Microsoft.Extensions.AI;
using Spectre.Console;

namespace LlmAdapters.Cli.Commands;

/// <summary><c>chat "prompt" [--model provider:model] [--system text] [--no-stream] [--offline] [--endpoint url]</c>.</summary>
internal static class ChatCommand
{
    /// <summary>The environment variable holding the default <c>--model</c>.</summary>
    public const string ModelVariable = "LLMADAPTERS_MODEL";

    public static Command Create(CliContext context)
    {
        var prompt = new Argument<string>("prompt") { Description = "What to ask." };
        var model = new Option<string?>("--model", "-m")
        {
            Description = $"provider:model (for example groq:llama-3.3-70b-versatile), or a provider name for its default model. Default: ${ModelVariable}, else openai.",
        };
        var system = new Option<string?>("--system", "-s") { Description = "A system prompt." };
        var stream = new Option<bool>("--stream")
        {
            Description = "Print the answer as it is generated (the default).",
            DefaultValueFactory = _ => true,
        };
        var noStream = new Option<bool>("--no-stream") { Description = "Wait for the whole answer, then print it." };
        var offline = new Option<bool>("--offline") { Description = "Answer from the built-in emulator even when a provider key is set." };
        var endpoint = new Option<string?>("--endpoint") { Description = "Send requests to this base URL instead of the provider's (a proxy, gateway or local server)." };
        var command = new Command("chat", "Send one prompt; print the answer, then one line of token usage.")
        {
            prompt, model, system, stream, noStream, offline, endpoint,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            context,
            parse.GetValue(prompt) ?? string.Empty,
            parse.GetValue(model) ?? context.GetEnvironmentVariable(ModelVariable) ?? "openai",
            parse.GetValue(system),
            parse.GetValue(stream) && !parse.GetValue(noStream),
            parse.GetValue(offline),
            parse.GetValue(endpoint),
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CliContext context,
        string prompt,
        string modelText,
        string? system,
        bool streaming,
        bool forceOffline,
        string? endpointText,
        CancellationToken cancellationToken)
    {
        ModelSpec spec;
        Uri? endpoint = null;
        try
        {
            spec = LlmClientFactory.ResolveSpec(modelText);
            if (endpointText is not null && !Uri.TryCreate(endpointText, UriKind.Absolute, out endpoint))
            {
                throw new ArgumentException($"--endpoint '{endpointText}' is not an absolute URL such as http://localhost:8080/v1/.");
            }
        }
        catch (ArgumentException ex)
        {
            var message = ex.ParamName is null ? ex.Message : ex.Message.Replace($" (Parameter '{ex.ParamName}')", string.Empty, StringComparison.Ordinal);
            return Fail(context, message, CliApplication.UsageError);
        }

        var provider = LlmClientFactory.FindProvider(spec.Provider)!;
        var descriptor = LlmAdapters.Providers.LlmProviderRegistry.Find(spec.Provider)!;
        var key = provider.ApiKeyEnvironmentVariable is { } variable ? context.GetEnvironmentVariable(variable) : null;
        if (string.IsNullOrWhiteSpace(key) && provider.RequiresApiKey)
        {
            // The provider may read more than its listed variable (Cohere falls back to CO_API_KEY).
            var probe = new LlmProviderSettings();
            descriptor.ApplyEnvironment(probe, context.GetEnvironmentVariable);
            key = probe.ApiKey;
        }

        var missingKey = provider.RequiresApiKey && string.IsNullOrWhiteSpace(key);
        var reason = forceOffline ? "--offline given"
            : endpoint is not null ? null
            : missingKey ? $"no {provider.ApiKeyEnvironmentVariable} set"
            : await OfflineReasonAsync(provider, descriptor, context, cancellationToken).ConfigureAwait(false);
        ProviderEmulator? emulator = null;
        try
        {
            if (reason is not null)
            {
                emulator = await OfflineEmulator.StartAsync(provider, reason, cancellationToken).ConfigureAwait(false);
                context.Error.MarkupLine($"[yellow]offline:[/] {Markup.Escape(reason)}, answering from the built-in emulator");
            }

            using var client = new LlmClientFactory().CreateChatClient(spec.ToString(), settings =>
            {
                if (emulator is not null)
                {
                    settings.Endpoint = LlmClientFactory.EmulatorEndpoint(spec.Provider, emulator.BaseAddress);
                    settings.ApiKey = OfflineEmulator.ApiKey;
                }
                else
                {
                    settings.Endpoint = endpoint;
                    descriptor.ApplyEnvironment(settings, context.GetEnvironmentVariable);
                }
            });

            List<ChatMessage> messages = [];
            if (!string.IsNullOrWhiteSpace(system))
            {
                messages.Add(new ChatMessage(ChatRole.System, system));
            }

            messages.Add(new ChatMessage(ChatRole.User, prompt));
            var response = streaming
                ? await StreamAsync(context, client, messages, cancellationToken).ConfigureAwait(false)
                : await client.GetResponseAsync(messages, cancellationToken: cancellationToken).ConfigureAwait(false);
            if (!streaming)
            {
                await context.Output.WriteLineAsync(response.Text).ConfigureAwait(false);
            }

            var modelId = response.ModelId ?? spec.Model;
            context.Out.MarkupLine($"[grey]{Markup.Escape($"{UsageLine.Format(response.Usage)} · {spec.Provider}:{modelId}")}[/]");
            return CliApplication.Success;
        }
        catch (ProviderConfigurationException ex)
        {
            return Fail(context, ex.Message, CliApplication.UsageError);
        }
        catch (ProviderException ex)
        {
            return Fail(context, ex.Message, CliApplication.ProviderFailure);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Fail(context, "cancelled.", CliApplication.Cancelled);
        }
        finally
        {
            if (emulator is not null)
            {
                await emulator.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>For a keyless server that usually runs on this machine (Ollama): offline when nothing listens at its address.
    /// A server the environment names (OLLAMA_HOST) is always used as named, so its errors are shown rather than hidden.</summary>
    private static async Task<string?> OfflineReasonAsync(LlmProviderInfo provider, LlmAdapters.Providers.LlmProviderDescriptor descriptor, CliContext context, CancellationToken cancellationToken) =>
        descriptor.LocalServer(context.GetEnvironmentVariable) is { } local && !await LocalServerProbe.IsListeningAsync(local, cancellationToken).ConfigureAwait(false)
            ? $"no {provider.DisplayName} answering at {local.GetLeftPart(UriPartial.Authority)}"
            : null;

    private static async Task<ChatResponse> StreamAsync(CliContext context, IChatClient client, List<ChatMessage> messages, CancellationToken cancellationToken)
    {
        List<ChatResponseUpdate> updates = [];
        try
        {
            await foreach (var update in client.GetStreamingResponseAsync(messages, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                var text = update.Text;
                if (text.Length > 0)
                {
                    await context.Output.WriteAsync(text).ConfigureAwait(false);
                    await context.Output.FlushAsync(cancellationToken).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            // Whatever arrived stays on screen; the next line (usage or error) starts on its own line.
            await context.Output.WriteLineAsync().ConfigureAwait(false);
        }

        return updates.ToChatResponse();
    }

    private static int Fail(CliContext context, string message, int exitCode)
    {
        context.Error.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");
        return exitCode;
    }
}
