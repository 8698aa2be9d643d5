using System;

namespace LlmAdapters.Ollama;

/// <summary>
/// Ollama-specific <c>AdditionalProperties</c> keys. On <c>ChatOptions</c> (and, where noted, <c>EmbeddingGenerationOptions</c>)
/// they set runtime knobs; on responses the adapter reports the server's timings under the duration keys.
/// </summary>
/// <remarks>Numbers may be given as any numeric type or as invariant-culture text (configuration binding produces text).
/// Anything else in <c>options</c> can be set through <c>ChatOptions.RawRepresentationFactory</c>: a
/// <c>JsonObject</c> such as <c>{"options":{"mirostat":2}}</c> is merged into the request.</remarks>
public static class OllamaPropertyKeys
{
    /// <summary>Request (chat and embeddings): the context window to load the model with, in tokens (<c>options.num_ctx</c>, an
    /// <see cref="int"/>). Ollama's default is small; raise it for long conversations.</summary>
    public const string NumCtx = "ollama.num_ctx";

    /// <summary>Request (chat and embeddings): how long the server keeps the model loaded after the call (top-level
    /// <c>keep_alive</c>): a <see cref="TimeSpan"/>, a number of seconds, or a duration text such as <c>"10m"</c>. Zero unloads
    /// the model right after the call; a negative value keeps it loaded until the server stops.</summary>
    public const string KeepAlive = "ollama.keep_alive";

    /// <summary>Request: the thinking value sent as <c>think</c>, as given — <see langword="true"/>, <see langword="false"/> or a
    /// level text (<c>"low"</c>, <c>"medium"</c>, <c>"high"</c>). Takes precedence over <c>ChatOptions.Reasoning</c>.</summary>
    public const string Think = "ollama.think";

    /// <summary>Request (chat and embeddings): whether over-long input is cut to fit the context (top-level <c>truncate</c>, a
    /// <see cref="bool"/>). With <see langword="false"/> the server answers with an error instead.</summary>
    public const string Truncate = "ollama.truncate";

    /// <summary>Request: whether the server shifts the context window when a generation fills it (top-level <c>shift</c>, a
    /// <see cref="bool"/>).</summary>
    public const string Shift = "ollama.shift";

    /// <summary>Request: how many layers to offload to the GPU (<c>options.num_gpu</c>, an <see cref="int"/>; 0 runs on the CPU).</summary>
    public const string NumGpu = "ollama.num_gpu";

    /// <summary>Request: the GPU that holds small tensors when several are used (<c>options.main_gpu</c>, an <see cref="int"/>).</summary>
    public const string MainGpu = "ollama.main_gpu";

    /// <summary>Request: CPU threads used for generation (<c>options.num_thread</c>, an <see cref="int"/>).</summary>
    public const string NumThread = "ollama.num_thread";

    /// <summary>Request: the prompt-processing batch size (<c>options.num_batch</c>, an <see cref="int"/>).</summary>
    public const string NumBatch = "ollama.num_batch";

    /// <summary>Request: tokens of the prompt kept when the context is shifted (<c>options.num_keep</c>, an <see cref="int"/>).</summary>
    public const string NumKeep = "ollama.num_keep";

    /// <summary>Request: whether the model file is memory-mapped (<c>options.use_mmap</c>, a <see cref="bool"/>).</summary>
    public const string UseMmap = "ollama.use_mmap";

    /// <summary>Request: the penalty on repeated tokens (<c>options.repeat_penalty</c>, a <see cref="double"/>; 1 is none).</summary>
    public const string RepeatPenalty = "ollama.repeat_penalty";

    /// <summary>Request: how far back repetition is penalised (<c>options.repeat_last_n</c>, an <see cref="int"/>; -1 is the whole
    /// context).</summary>
    public const string RepeatLastN = "ollama.repeat_last_n";

    /// <summary>Request: min-p sampling, the least probability relative to the likeliest token (<c>options.min_p</c>, a
    /// <see cref="double"/>).</summary>
    public const string MinP = "ollama.min_p";

    /// <summary>Request: locally typical sampling (<c>options.typical_p</c>, a <see cref="double"/>; 1 turns it off).</summary>
    public const string TypicalP = "ollama.typical_p";

    /// <summary>Response (chat: the response and the final streamed update; embeddings: the result): the whole call's time on
    /// the server (<c>total_duration</c>), a <see cref="TimeSpan"/>.</summary>
    public const string TotalDuration = "ollama.total_duration";

    /// <summary>Response: the time spent loading the model (<c>load_duration</c>), a <see cref="TimeSpan"/>; near zero when it
    /// was already loaded.</summary>
    public const string LoadDuration = "ollama.load_duration";

    /// <summary>Response (chat): the time spent reading the prompt (<c>prompt_eval_duration</c>), a <see cref="TimeSpan"/>.</summary>
    public const string PromptEvalDuration = "ollama.prompt_eval_duration";

    /// <summary>Response (chat): the time spent generating (<c>eval_duration</c>), a <see cref="TimeSpan"/>. Output tokens divided
    /// by it is the generation speed.</summary>
    public const string EvalDuration = "ollama.eval_duration";
}
