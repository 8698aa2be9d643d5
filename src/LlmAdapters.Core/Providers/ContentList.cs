using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.AI;

namespace LlmAdapters.Providers;

/// <summary>
/// The contents of a stream update: almost every update carries exactly one content (a text delta), so the first is kept
/// in a field and a <see cref="List{T}"/> is made only when a second is added. One object of 24 bytes instead of a list
/// and its array (64 bytes) per delta. A full, mutable <see cref="IList{T}"/>: callers may add, insert and remove as on
/// the list <see cref="ChatResponseUpdate"/> would otherwise hold.
/// </summary>
internal sealed class ContentList : IList<AIContent>, IReadOnlyList<AIContent>
{
    // null (empty), the one AIContent, or a List<AIContent> once a second content was added.
    private object? _items;

    /// <summary>Initializes an empty list.</summary>
    public ContentList()
    {
    }

    /// <summary>Initializes a list holding <paramref name="content"/>.</summary>
    public ContentList(AIContent content) => _items = Throw.IfNull(content);

    /// <inheritdoc />
    public int Count => _items switch
    {
        null => 0,
        List<AIContent> list => list.Count,
        _ => 1,
    };

    /// <inheritdoc />
    public bool IsReadOnly => false;

    /// <inheritdoc />
    public AIContent this[int index]
    {
        get => _items switch
        {
            List<AIContent> list => list[index],
            AIContent one when index == 0 => one,
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };
        set
        {
            Throw.IfNull(value);
            if (_items is List<AIContent> list)
            {
                list[index] = value;
            }
            else if (_items is AIContent && index == 0)
            {
                _items = value;
            }
            else
            {
                throw new ArgumentOutOfRangeException(nameof(index));
            }
        }
    }

    /// <inheritdoc />
    public void Add(AIContent item)
    {
        Throw.IfNull(item);
        switch (_items)
        {
            case null:
                _items = item;
                break;
            case List<AIContent> list:
                list.Add(item);
                break;
            default:
                _items = new List<AIContent>(4) { (AIContent)_items, item };
                break;
        }
    }

    /// <inheritdoc />
    public void Insert(int index, AIContent item)
    {
        Throw.IfNull(item);
        if (_items is null && index == 0)
        {
            _items = item;
            return;
        }

        ToList().Insert(index, item);
    }

    /// <inheritdoc />
    public void Clear() => _items = null;

    /// <inheritdoc />
    public bool Contains(AIContent item) => IndexOf(item) >= 0;

    /// <inheritdoc />
    public int IndexOf(AIContent item) => _items switch
    {
        List<AIContent> list => list.IndexOf(item),
        AIContent one when item is not null && one.Equals(item) => 0,
        _ => -1,
    };

    /// <inheritdoc />
    public bool Remove(AIContent item)
    {
        var index = IndexOf(item);
        if (index < 0)
        {
            return false;
        }

        RemoveAt(index);
        return true;
    }

    /// <inheritdoc />
    public void RemoveAt(int index)
    {
        if (_items is List<AIContent> list)
        {
            list.RemoveAt(index);
        }
        else if (_items is AIContent && index == 0)
        {
            _items = null;
        }
        else
        {
            throw new ArgumentOutOfRangeException(nameof(index));
        }
    }

    /// <inheritdoc />
    public void CopyTo(AIContent[] array, int arrayIndex)
    {
        Throw.IfNull(array);
        switch (_items)
        {
            case List<AIContent> list:
                list.CopyTo(array, arrayIndex);
                break;
            case AIContent one:
                ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
                ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(arrayIndex, array.Length);
                array[arrayIndex] = one;
                break;
        }
    }

    /// <inheritdoc />
    public IEnumerator<AIContent> GetEnumerator()
    {
        switch (_items)
        {
            case List<AIContent> list:
                return list.GetEnumerator();
            case AIContent one:
                return Single(one);
            default:
                return Enumerable.Empty<AIContent>().GetEnumerator();
        }

        static IEnumerator<AIContent> Single(AIContent one)
        {
            yield return one;
        }
    }

    /// <inheritdoc />
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private List<AIContent> ToList()
    {
        if (_items is List<AIContent> list)
        {
            return list;
        }

        list = new List<AIContent>(4);
        if (_items is AIContent one)
        {
            list.Add(one);
        }

        _items = list;
        return list;
    }
}
