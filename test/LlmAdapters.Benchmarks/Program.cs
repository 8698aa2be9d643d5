using LlmAdapters.Benchmarks.Harness;

// Two roles in one executable: "serve-emulator" is the separate server process the benchmarks talk to;
// anything else runs the benchmarks (and starts that server as a child process).
if (args.Length > 0 && args[0] == "serve-emulator")
{
    return await EmulatorServer.RunAsync(args[1..]);
}

BenchmarkArguments arguments;
try
{
    arguments = BenchmarkArguments.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"error: {ex.Message}");
    Console.Error.WriteLine(BenchmarkArguments.Usage);
    return 2;
}

if (arguments.ShowHelp)
{
    Console.WriteLine(BenchmarkArguments.Usage);
    return 0;
}

return await BenchmarkRunner.RunAsync(arguments);
