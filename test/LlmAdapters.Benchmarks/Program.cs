Console.Error.WriteLine("LlmAdapters.Benchmarks: scenarios are added per provider; see README.md.");
return 1;
