// Sample module "inventory": a class with properties of many types (decimal, DateTimeOffset, Guid,
// long, int?, List<string>, Dictionary<string, int>), a positional record with a default, async
// functions (Task<T>, ValueTask<T>, a void-like Task), functions that take a CancellationToken,
// and functions that throw KeyNotFoundException, ArgumentException and the module's own
// OutOfStockException. The catalog is fixed, so every result depends only on the arguments.
// Register it from a stub console with `rm:Modules/inventory.cs`.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace Samples;

/// <summary>A stock item.</summary>
public sealed class Item
{
    /// <summary>The item's identity.</summary>
    public Guid Id { get; set; }

    /// <summary>The stock-keeping unit, unique in the catalog.</summary>
    public string Sku { get; set; } = "";

    /// <summary>The display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>The unit price.</summary>
    public decimal Price { get; set; }

    /// <summary>The units in stock.</summary>
    public long Quantity { get; set; }

    /// <summary>The stock level below which to reorder, if any.</summary>
    public int? ReorderLevel { get; set; }

    /// <summary>When the stock last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Free-form tags.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Units per warehouse, by warehouse code.</summary>
    public Dictionary<string, int> StockByWarehouse { get; set; } = [];
}

/// <summary>A change of stock: a positional record with an optional reason.</summary>
public sealed record StockChange(string Sku, long Delta, DateTimeOffset At, string? Reason = null);

/// <summary>Thrown when a reservation asks for more units than are in stock.</summary>
public sealed class OutOfStockException(string sku, long requested, long available)
    : Exception($"Only {available} of '{sku}' in stock, {requested} requested.")
{
    /// <summary>The item asked for.</summary>
    public string Sku { get; } = sku;

    /// <summary>The units asked for.</summary>
    public long Requested { get; } = requested;

    /// <summary>The units in stock.</summary>
    public long Available { get; } = available;
}

/// <summary>The functions of the module.</summary>
public static class Inventory
{
    private static readonly DateTimeOffset Stocktake = new(2025, 1, 31, 17, 0, 0, TimeSpan.FromHours(1));

    /// <summary>The fixed catalog, a fresh copy on every call.</summary>
    public static List<Item> Catalog() =>
    [
        NewItem("a1b2c3d4-0000-4000-8000-000000000001", "BOLT-M6", "Bolt M6", 0.12m, 12_000, 2_000, ["metal", "small"], new() { ["north"] = 7_000, ["south"] = 5_000 }),
        NewItem("a1b2c3d4-0000-4000-8000-000000000002", "NUT-M6", "Nut M6", 0.05m, 9_500, null, ["metal"], new() { ["north"] = 9_500 }),
        NewItem("a1b2c3d4-0000-4000-8000-000000000003", "DRILL-18V", "Cordless drill 18 V", 89.90m, 3, 5, ["tool"], new() { ["south"] = 3 }),
        NewItem("a1b2c3d4-0000-4000-8000-000000000004", "SAW-HAND", "Hand saw", 14.50m, 0, 2, [], []),
    ];

    /// <summary>The item with <paramref name="sku"/>; throws <see cref="KeyNotFoundException"/> if there is none.</summary>
    public static Item Find(string sku) =>
        Catalog().FirstOrDefault(i => i.Sku == sku) ?? throw new KeyNotFoundException($"No item with SKU '{sku}'.");

    /// <summary>The item with <paramref name="id"/>, or null.</summary>
    public static Item? FindById(Guid id) => Catalog().FirstOrDefault(i => i.Id == id);

    /// <summary>The reorder level of an item, null when it has none.</summary>
    public static int? ReorderLevelOf(string sku) => Find(sku).ReorderLevel;

    /// <summary>Reserves units and returns what is left; throws ArgumentException or OutOfStockException.</summary>
    public static long Reserve(string sku, long quantity)
    {
        if (quantity <= 0)
        {
            throw new ArgumentException("The quantity must be positive.", nameof(quantity));
        }

        var item = Find(sku);
        return quantity > item.Quantity ? throw new OutOfStockException(sku, quantity, item.Quantity) : item.Quantity - quantity;
    }

    /// <summary>Applies a change to an item and returns the changed copy; its time is the change's.</summary>
    public static Item Apply(Item item, StockChange change)
    {
        if (change.Sku != item.Sku)
        {
            throw new ArgumentException($"The change is for '{change.Sku}', not '{item.Sku}'.", nameof(change));
        }

        var quantity = item.Quantity + change.Delta;
        if (quantity < 0)
        {
            throw new OutOfStockException(item.Sku, -change.Delta, item.Quantity);
        }

        item.Quantity = quantity;
        item.UpdatedAt = change.At;
        return item;
    }

    /// <summary>The SKUs of items at or below their reorder level, in catalog order.</summary>
    public static string[] BelowReorderLevel() =>
        Catalog().Where(i => i.ReorderLevel is { } level && i.Quantity <= level).Select(i => i.Sku).ToArray();

    /// <summary>Finds an item asynchronously, honouring <paramref name="cancellationToken"/>.</summary>
    public static async Task<Item> FindAsync(string sku, CancellationToken cancellationToken)
    {
        await Task.Yield();
        cancellationToken.ThrowIfCancellationRequested();
        return Find(sku);
    }

    /// <summary>The stock value of some items: a <c>ValueTask&lt;T&gt;</c>.</summary>
    public static ValueTask<decimal> TotalValueAsync(List<Item> items) => new(items.Sum(i => i.Price * i.Quantity));

    /// <summary>Completes when the item is valid and throws ArgumentException when not: a void-like Task.</summary>
    public static Task ValidateAsync(Item item)
    {
        if (string.IsNullOrWhiteSpace(item.Sku))
        {
            return Task.FromException(new ArgumentException("An item needs a SKU.", nameof(item)));
        }

        return item.Price < 0 ? Task.FromException(new ArgumentException("A price cannot be negative.", nameof(item))) : Task.CompletedTask;
    }

    /// <summary>Units per warehouse over the whole catalog, after waiting <paramref name="delayMs"/> (cancellable).</summary>
    public static async Task<Dictionary<string, long>> StockByWarehouseAsync(int delayMs = 0, CancellationToken cancellationToken = default)
    {
        await Task.Delay(delayMs, cancellationToken);
        return Catalog()
            .SelectMany(i => i.StockByWarehouse)
            .GroupBy(p => p.Key, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(p => (long)p.Value), StringComparer.Ordinal);
    }

    /// <summary>The time of the last stocktake, a fixed value.</summary>
    public static DateTimeOffset LastStocktake() => Stocktake;

    private static Item NewItem(string id, string sku, string name, decimal price, long quantity, int? reorderLevel, List<string> tags, Dictionary<string, int> stock) => new()
    {
        Id = Guid.Parse(id),
        Sku = sku,
        Name = name,
        Price = price,
        Quantity = quantity,
        ReorderLevel = reorderLevel,
        UpdatedAt = Stocktake,
        Tags = tags,
        StockByWarehouse = stock,
    };
}
