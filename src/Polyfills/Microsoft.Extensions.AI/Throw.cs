using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Microsoft.Extensions.AI;

/// <summary>Argument checks that return the checked value, so a field can be assigned in one line.</summary>
internal static class Throw
{
    public static T IfNull<T>([NotNull] T? argument, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (argument is null)
        {
            throw new ArgumentNullException(paramName);
        }

        return argument;
    }

    public static int IfLessThan(int argument, int min, [CallerArgumentExpression(nameof(argument))] string? paramName = null)
    {
        if (argument < min)
        {
            throw new ArgumentOutOfRangeException(paramName, argument, $"Argument less than minimum value {min}");
        }

        return argument;
    }
}
