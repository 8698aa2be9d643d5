using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmAdapters;

/// <summary>
/// Counts the input tokens a chat request would use, as the provider counts them (Anthropic
/// <c>count_tokens</c>, Gemini <c>countTokens</c>). Obtain it with <c>chatClient.GetService&lt;ITokenCounter&gt;()</c>.
/// </summary>
public interface ITokenCounter
{
    /// <summary>Counts the input tokens of exactly what <c>GetResponseAsync(messages, options)</c> would send.</summary>
    /// <param name="messages">The conversation.</param>
    /// <param name="options">The options (model, instructions, tools).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The provider's input-token count.</returns>
    Task<int> CountTokensAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default);
}
