using LlmAdapters.Auth.Tests;

// A test starts this assembly a second time with --refresh-probe to have two processes refresh one profile at once.
return args.Length > 0 && args[0] == RefreshProbe.Switch
    ? await RefreshProbe.RunAsync(args[1..])
    : await Xunit.Runner.InProc.SystemConsole.ConsoleRunner.Run(args);
