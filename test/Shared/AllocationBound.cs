using System.Text;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Conformance;

/// <summary>
/// Cost growth, measured in allocated bytes rather than wall time (which depends on the machine's load): a piece of work
/// run at n and 4n units must allocate at most a constant per unit, and the 4n run at most about 5× the n run, so
/// quadratic growth (16×) fails. Work is measured on the current thread, so it must complete synchronously there: mappers
/// are pure, and streams are read from a <see cref="MemoryStream"/>, whose reads complete at once.
/// </summary>
internal static class AllocationBound
{
    /// <summary>The largest allowed ratio between the allocations at 4n and at n units.</summary>
    public const double MaxRatio = 5.0;

    /// <summary>Asserts that the work <paramref name="setup"/> prepares allocates linearly in its size.</summary>
    /// <param name="setup">Builds the input for a size (not measured) and returns the work to measure, which returns what
    /// it produced so it cannot be skipped.</param>
    /// <param name="n">The smaller size; the larger is 4n.</param>
    /// <param name="bytesPerUnit">The most a unit may cost at the larger size.</param>
    /// <param name="fixedBytes">Allowance for fixed overhead.</param>
    public static void AssertLinear(Func<int, Func<object?>> setup, int n, long bytesPerUnit, long fixedBytes = 256 * 1024)
    {
        setup(Math.Max(1, n / 16))(); // JIT and static caches, outside the measurement
        var small = Measure(setup(n));
        var large = Measure(setup(4 * n));

        Assert.True(large <= (bytesPerUnit * 4L * n) + fixedBytes, $"{large:N0} bytes for {4 * n:N0} units: more than {bytesPerUnit:N0} a unit");
        Assert.True(large <= MaxRatio * Math.Max(small, 1), $"{small:N0} bytes for {n:N0} units, {large:N0} bytes for {4 * n:N0}: grows faster than linearly");
    }

    /// <summary>Runs an asynchronous piece of work that must complete synchronously, and returns its result.</summary>
    public static T RunSynchronously<T>(Func<Task<T>> work)
    {
        var task = work();
        Assert.True(task.IsCompleted, "the measured work went asynchronous, so this thread's allocation count would miss part of it");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>A conversation of <paramref name="count"/> messages alternating user and assistant text.</summary>
    public static List<ChatMessage> History(int count)
    {
        var messages = new List<ChatMessage>(count);
        for (var i = 0; i < count; i++)
        {
            messages.Add(new ChatMessage(i % 2 == 0 ? ChatRole.User : ChatRole.Assistant, $"Message number {i} of a long conversation."));
        }

        if (count % 2 == 0)
        {
            messages.Add(new ChatMessage(ChatRole.User, "And now?"));
        }

        return messages;
    }

    /// <summary>A question, an assistant turn holding <paramref name="pieces"/> streamed reasoning pieces and its answer, and a follow-up.</summary>
    public static List<ChatMessage> ReasoningPieces(int pieces)
    {
        var contents = new List<AIContent>(pieces + 2);
        for (var i = 0; i < pieces; i++)
        {
            contents.Add(new TextReasoningContent("step "));
        }

        contents.Add(new TextReasoningContent(string.Empty) { ProtectedData = "sig" });
        contents.Add(new TextContent("Answer"));
        return [new(ChatRole.User, "Think hard."), new(ChatRole.Assistant, contents), new(ChatRole.User, "Again.")];
    }

    /// <summary>One user message made of <paramref name="parts"/> text parts.</summary>
    public static List<ChatMessage> ManyParts(int parts)
    {
        var contents = new List<AIContent>(parts);
        for (var i = 0; i < parts; i++)
        {
            contents.Add(new TextContent("part "));
        }

        return [new(ChatRole.User, contents)];
    }

    /// <summary>A stream body: <paramref name="frame"/> <paramref name="deltas"/> times, between a head and a tail.</summary>
    public static byte[] StreamBody(string head, string frame, int deltas, string tail)
    {
        var sb = new StringBuilder(head);
        for (var i = 0; i < deltas; i++)
        {
            sb.Append(frame);
        }

        return Encoding.UTF8.GetBytes(sb.Append(tail).ToString());
    }

    private static long Measure(Func<object?> work)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var result = work();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(result);
        return allocated;
    }
}
