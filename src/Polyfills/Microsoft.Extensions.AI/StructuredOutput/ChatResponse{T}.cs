using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Microsoft.Extensions.AI;

/// <summary>A <see cref="ChatResponse"/> whose last message holds JSON to be read as a <typeparamref name="T"/>.</summary>
/// <typeparam name="T">The type of the structured result.</typeparam>
public class ChatResponse<T> : ChatResponse
{
    private readonly JsonSerializerOptions _serializerOptions;
    private T? _result;
    private bool _hasResult;

    /// <summary>Initializes a new instance of the <see cref="ChatResponse{T}"/> class.</summary>
    /// <param name="response">The response whose contents and metadata are copied.</param>
    /// <param name="serializerOptions">The options used to deserialize the result.</param>
    public ChatResponse(ChatResponse response, JsonSerializerOptions serializerOptions)
        : base(Throw.IfNull(response).Messages)
    {
        _serializerOptions = Throw.IfNull(serializerOptions);
        AdditionalProperties = response.AdditionalProperties;
        ConversationId = response.ConversationId;
        CreatedAt = response.CreatedAt;
        FinishReason = response.FinishReason;
        ModelId = response.ModelId;
        RawRepresentation = response.RawRepresentation;
        ResponseId = response.ResponseId;
        Usage = response.Usage;
    }

    /// <summary>Gets the result read from the JSON text of the last message.</summary>
    /// <exception cref="InvalidOperationException">The response holds no JSON, the JSON is <c>null</c>, or the expected wrapper property is missing.</exception>
    /// <exception cref="JsonException">The JSON does not match <typeparamref name="T"/>.</exception>
    public T Result
    {
        get
        {
            var result = ReadResult(out var failure);
            return failure is null ? result! : throw new InvalidOperationException(failure);
        }
    }

    /// <summary>Tries to read the result without throwing.</summary>
    /// <param name="result">The result, when it could be read.</param>
    /// <returns><see langword="true"/> when a non-null result was read.</returns>
    public bool TryGetResult([NotNullWhen(true)] out T? result)
    {
        try
        {
            result = ReadResult(out var failure);
            return failure is null;
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            result = default;
            return false;
        }
    }

    /// <summary>Gets or sets a value indicating whether the schema was wrapped in an object with a <c>data</c> property.</summary>
    internal bool IsWrappedInObject { get; set; }

    private T? ReadResult(out string? failure)
    {
        failure = null;
        if (_hasResult)
        {
            return _result;
        }

        var json = Messages.Count > 0 ? Messages[^1].Text : null;
        if (string.IsNullOrEmpty(json))
        {
            failure = "The response did not contain JSON to be deserialized.";
            return default;
        }

        // Models sometimes append a second JSON value or text; only the first top-level value counts.
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json), new JsonReaderOptions { AllowMultipleValues = true });
        object? value;
        if (IsWrappedInObject)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("data", out var data))
            {
                failure = "The response did not contain the expected 'data' property.";
                return default;
            }

            value = data.Deserialize(_serializerOptions.GetTypeInfo(typeof(T)));
        }
        else
        {
            value = JsonSerializer.Deserialize(ref reader, _serializerOptions.GetTypeInfo(typeof(T)));
        }

        if (value is null)
        {
            failure = "The deserialized response is null.";
            return default;
        }

        _result = (T)value;
        _hasResult = true;
        return _result;
    }
}
