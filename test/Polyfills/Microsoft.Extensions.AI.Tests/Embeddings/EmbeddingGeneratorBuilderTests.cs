using Microsoft.Extensions.AI;

namespace LlmAdapters.Polyfills.Tests;

public sealed class EmbeddingGeneratorBuilderTests
{
    [Fact]
    public async Task Build_UseCalls_FirstRegisteredIsOutermostAndAnonymousDelegateRuns()
    {
        var inner = new FakeEmbeddingGenerator();
        var order = new List<string>();

        var generator = inner.AsBuilder()
            .Use(async (values, options, next, ct) =>
            {
                order.Add("outer");
                return await next.GenerateAsync(values, options, ct);
            })
            .Use(async (values, options, next, ct) =>
            {
                order.Add("inner");
                return await next.GenerateAsync(values.Select(v => v.ToUpperInvariant()), options, ct);
            })
            .Build();

        var result = await generator.GenerateAsync(["ab"], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["outer", "inner"], order);
        Assert.Equal(["AB"], inner.Batches.Single());
        Assert.Equal([2f, 'A'], result[0].Vector.ToArray());
    }

    [Fact]
    public void Build_FactoryReturnsNull_Throws()
    {
        var builder = new FakeEmbeddingGenerator().AsBuilder().Use(_ => null!);

        var ex = Assert.Throws<InvalidOperationException>(() => builder.Build());
        Assert.Contains("index 0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Use_NullGenerateFunc_Throws()
    {
        var builder = new FakeEmbeddingGenerator().AsBuilder();

        Assert.Throws<ArgumentNullException>(() => builder.Use((Func<IEnumerable<string>, EmbeddingGenerationOptions?, IEmbeddingGenerator<string, Embedding<float>>, CancellationToken, Task<GeneratedEmbeddings<Embedding<float>>>>?)null));
    }

    [Fact]
    public async Task ConfigureOptions_CallbackRunsOnCopy()
    {
        EmbeddingGenerationOptions? seen = null;
        var generator = new FakeEmbeddingGenerator().AsBuilder()
            .Use(async (values, options, next, ct) =>
            {
                seen = options;
                return await next.GenerateAsync(values, options, ct);
            })
            .Build();
        var configured = new ConfigureOptionsEmbeddingGenerator<string, Embedding<float>>(generator, o => o.Dimensions = 2);
        var callerOptions = new EmbeddingGenerationOptions();

        await configured.GenerateAsync(["x"], callerOptions, TestContext.Current.CancellationToken);

        Assert.Equal(2, seen?.Dimensions);
        Assert.Null(callerOptions.Dimensions);
    }
}
