using Microsoft.Extensions.Time.Testing;

namespace LlmAdapters.Middleware.Tests;

/// <summary>The fixed instant every fake clock in these tests starts at.</summary>
internal static class TestClock
{
    public static readonly DateTimeOffset Start = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A <see cref="FakeTimeProvider"/> at <see cref="Start"/>.</summary>
    public static FakeTimeProvider Create() => new(Start);
}
