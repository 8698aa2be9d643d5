using System.Globalization;
using LlmAdapters.Benchmarks.Scenarios;
using LlmAdapters.Testing;

namespace LlmAdapters.Benchmarks.Harness;

/// <summary>
/// The <c>serve-emulator [--port N]</c> role: a <see cref="ProviderEmulator"/> answering every scenario set's scripted
/// replies. Prints <c>LISTENING url</c> once ready and stops when its standard input closes (the benchmark process ended).
/// </summary>
internal static class EmulatorServer
{
    public const string ReadyPrefix = "LISTENING ";

    public static async Task<int> RunAsync(string[] args)
    {
        var port = 0;
        if (args.Length == 2 && args[0] == "--port" && int.TryParse(args[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var p))
        {
            port = p;
        }
        else if (args.Length != 0)
        {
            Console.Error.WriteLine("usage: LlmAdapters.Benchmarks serve-emulator [--port N]");
            return 2;
        }

        await using var emulator = await ProviderEmulator.StartAsync(new ProviderEmulatorOptions { Port = port });
        emulator.DefaultResponder = request =>
        {
            // Forget captured requests as they arrive: the server runs for thousands of requests.
            emulator.Reset();
            foreach (var set in ScenarioSets.All)
            {
                if (set.Respond(request) is { } reply)
                {
                    return reply;
                }
            }

            return ScriptedReply.Error(404, "not_found", $"No benchmark reply for {request}.");
        };
        Console.WriteLine(ReadyPrefix + emulator.BaseAddress);
        await Console.In.ReadToEndAsync();
        return 0;
    }
}
