using System;

namespace LlmAdapters.Cli;

/// <summary>An argument value the parser accepted but the command cannot use (a negative --max-tokens, more cached tokens
/// than input tokens, a model with no price). Exit code 2.</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>The provider needs a key and none is set, while the command was told to reach the real service. Exit code 4.</summary>
internal sealed class CliMissingKeyException(string message) : Exception(message);

/// <summary>The whole command ran longer than its --timeout. Exit code 5.</summary>
internal sealed class CliTimeoutException(string message, Exception innerException) : Exception(message, innerException);
