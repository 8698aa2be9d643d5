using System.Text.Json;

namespace Microsoft.Extensions.AI;

/// <summary>Turns logged payloads into JSON; a value that cannot be serialized is logged as <c>{}</c> rather than failing the call.</summary>
internal static class LoggingJson
{
    public static string Serialize<T>(T value, JsonSerializerOptions options)
    {
        try
        {
            return JsonSerializer.Serialize(value, options.GetTypeInfo(typeof(T)));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException)
        {
            return "{}";
        }
    }
}
