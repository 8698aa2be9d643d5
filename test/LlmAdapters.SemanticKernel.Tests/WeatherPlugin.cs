using System.Collections.Concurrent;
using System.ComponentModel;
using Microsoft.SemanticKernel;

namespace LlmAdapters.SemanticKernel.Tests;

/// <summary>The plugin every case registers: one function that answers with a fixed forecast and records each call.</summary>
public sealed class WeatherPlugin
{
    /// <summary>The name the plugin is registered under.</summary>
    public const string PluginName = "weather";

    /// <summary>The kernel function's own name.</summary>
    public const string FunctionName = "get_weather";

    private readonly ConcurrentQueue<string> _cities = new();

    /// <summary>Gets the city of every call, in order.</summary>
    public IReadOnlyList<string> Cities => [.. _cities];

    /// <summary>The forecast the function returns for <paramref name="city"/>.</summary>
    /// <param name="city">The city.</param>
    /// <returns>The forecast.</returns>
    public static string ForecastFor(string city) => $"Sunny and 21 degrees in {city}.";

    /// <summary>Gets the weather for a city.</summary>
    /// <param name="city">The city.</param>
    /// <returns>The forecast.</returns>
    [KernelFunction(FunctionName)]
    [Description("Gets the current weather for a city.")]
    public string GetWeather([Description("The city name.")] string city)
    {
        _cities.Enqueue(city);
        return ForecastFor(city);
    }
}
