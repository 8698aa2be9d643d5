namespace Microsoft.Extensions.AI;

/// <summary>Starts a <see cref="ChatClientBuilder"/> from an existing client.</summary>
public static class ChatClientBuilderChatClientExtensions
{
    /// <summary>Creates a <see cref="ChatClientBuilder"/> whose inner client is <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client at the bottom of the pipeline.</param>
    /// <returns>A new builder.</returns>
    public static ChatClientBuilder AsBuilder(this IChatClient innerClient)
    {
        _ = Throw.IfNull(innerClient);
        return new ChatClientBuilder(innerClient);
    }
}
