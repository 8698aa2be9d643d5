Console.Error.WriteLine("llmadapters: the command-line program is being assembled; see README.md.");
return 1;
