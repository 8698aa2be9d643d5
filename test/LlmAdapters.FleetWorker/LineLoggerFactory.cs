using Microsoft.Extensions.Logging;

namespace LlmAdapters.FleetWorker;

/// <summary>Prints every warning (and worse) as one "warn &lt;message&gt;" line on the standard output, for the test to read.</summary>
internal sealed class LineLoggerFactory : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new LineLogger();

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class LineLogger : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                Console.WriteLine("warn " + formatter(state, exception).ReplaceLineEndings(" "));
            }
        }
    }
}
